import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bench = join(import.meta.dirname, '..', 'bench', 'load.bench.ts');

function run(args: string[]): ReturnType<typeof spawnSync> {
  return spawnSync(process.execPath, ['--conditions=@powercast/source', '--import', 'tsx', bench, ...args], {
    encoding: 'utf8',
  });
}

describe('data-loaders:bench command line (answers before loading anything)', () => {
  it('--help lists the options and exits 0', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stderr).toMatch(/^usage: npx nx run data-loaders:bench -- \[options\]/);
    for (const option of ['--data-dir DIR', '--runs N', '-h, --help']) expect(help.stderr).toContain(option);
  });

  it('an unknown option is one line naming it, exit 2', () => {
    const unknown = run(['--rusn', '3']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe(
      "npx nx run data-loaders:bench --: unknown option '--rusn' (usage: npx nx run data-loaders:bench -- --help)\n",
    );
  });
});
