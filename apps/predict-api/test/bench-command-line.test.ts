import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bench = join(import.meta.dirname, '..', 'bench', 'predict-vs-echo.ts');

function run(args: string[]): ReturnType<typeof spawnSync> {
  return spawnSync(process.execPath, ['--conditions=@powercast/source', '--import', 'tsx', bench, ...args], {
    encoding: 'utf8',
  });
}

describe('predict-api:bench command line (answers before any training or load)', () => {
  it('--help lists the options and exits 0', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stderr).toMatch(/^usage: npx nx run predict-api:bench -- \[options\]/);
    for (const option of ['--duration', '--connections', '--data-dir', '--help']) expect(help.stderr).toContain(option);
  });

  it('an unknown option is one line naming it, exit 2', () => {
    const unknown = run(['--conections', '10']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe(
      "npx nx run predict-api:bench --: unknown option '--conections' (usage: npx nx run predict-api:bench -- --help)\n",
    );
  });
});
