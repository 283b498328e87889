import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CommandLineError, UsageError, type CliIo } from '@powercast/contracts/cli';
import { describe, expect, it } from 'vitest';
import { OUTBOX_COMMAND, outboxMain } from './outbox-cli.js';
import { SERVE_COMMAND, serveMain } from './serve.js';

function capture(): { io: CliIo; err: string[] } {
  const err: string[] = [];
  return { io: { out: () => undefined, err: (t) => void err.push(t), env: {}, cwd: process.cwd() }, err };
}

describe.each([
  ['approval:serve', serveMain, SERVE_COMMAND],
  ['approval:outbox', outboxMain, OUTBOX_COMMAND],
] as const)('%s command line', (target, main, command) => {
  it('--help lists every option and exits 0 without opening the store', async () => {
    const { io, err } = capture();
    expect(await main(['--help'], io)).toBe(0);
    expect(err[0]).toMatch(new RegExp(`^usage: npx nx run ${target} -- `));
    for (const option of Object.keys(command.options)) expect(err[0]).toContain(`  --${option} `);
  });

  it('refuses an unknown option with one line naming it', async () => {
    const attempt = main(['--stor', '/tmp/x'], capture().io);
    await expect(attempt).rejects.toThrow(CommandLineError);
    await expect(main(['--stor', '/tmp/x'], capture().io)).rejects.toThrow(
      `npx nx run ${target} --: unknown option '--stor' (usage: npx nx run ${target} -- --help)`,
    );
  });
});

describe('approval command-line input', () => {
  it('refuses a port out of range and a version that is not a number, as usage errors', async () => {
    await expect(serveMain(['--port', '70000'], capture().io)).rejects.toThrow(UsageError);
    await expect(outboxMain(['one'], capture().io)).rejects.toThrow(/expected one version number .*"one"/);
  });

  it('as a process: an unknown option exits 2 with one line and no stack trace', () => {
    const result = spawnSync(
      process.execPath,
      ['--conditions=@powercast/source', '--import', 'tsx', join(import.meta.dirname, 'outbox-cli.ts'), '1', '--bogus'],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      "npx nx run approval:outbox --: unknown option '--bogus' (usage: npx nx run approval:outbox -- --help)\n",
    );
  });
});
