import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SERVICE_COMMAND } from './config.js';
import { main } from './main.js';

function capture(): { io: Parameters<typeof main>[1]; err: string[]; out: string[] } {
  const err: string[] = [];
  const out: string[] = [];
  return { io: { out: (t) => out.push(t), err: (t) => err.push(t), env: {}, cwd: process.cwd() }, err, out };
}

describe('predict-api command line', () => {
  it('--help lists every option and exits 0 without starting the service', async () => {
    const { io, err, out } = capture();
    expect(await main(['--help'], io)).toBe(0);
    expect(out).toEqual([]);
    const help = err.join('\n');
    expect(help).toMatch(/^usage: predict-api \[serve\] \[options\]/);
    for (const option of Object.keys(SERVICE_COMMAND.options)) expect(help).toContain(`  --${option}`);
  });

  it('answers a bad setting with one line and exit 2', async () => {
    const { io, err } = capture();
    expect(await main(['--port', 'eighty'], io)).toBe(2);
    expect(err).toEqual(['predict-api: PORT/--port must be an integer 0..65535, got "eighty"']);
  });

  it('as a process: an unknown option is one line naming it, exit 2, no stack trace', () => {
    const result = spawnSync(
      process.execPath,
      ['--conditions=@powercast/source', '--import', 'tsx', 'src/main.ts', '--prot', '9000'],
      { cwd: `${import.meta.dirname}/..`, encoding: 'utf8' },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("predict-api: unknown option '--prot' (usage: predict-api --help)\n");
  });
});
