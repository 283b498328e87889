import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { projectRoot, runCli } from '../test/cli.js';

function trainer(args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--conditions=@powercast/source', '--import', 'tsx', 'src/main.ts', ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
}

describe('trainer binary', () => {
  it('exits with the command’s code and prints to stderr when run as a process', () => {
    const result = spawnSync(
      process.execPath,
      [
        '--conditions=@powercast/source',
        '--import',
        'tsx',
        'src/main.ts',
        'run',
        '--data-dir',
        '/nonexistent/powercast-data',
      ],
      { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, POWERCAST_DATA_DIR: '' } },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('No data in /nonexistent/powercast-data');
    expect(result.stderr).not.toContain('NodeVersionSupportWarning');
  });

  it('lists the commands for --help and rejects an unknown command', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.err).toContain('usage: trainer <run|backtest|forecast|daily|ledger|models|sagemaker|step>');
    const unknown = await runCli(['deploy']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown command "deploy"');
  });
});

describe('every trainer command answers --help and refuses an unknown option in one line', () => {
  const options: Record<string, string[]> = {
    run: ['--data-dir', '--config', '--store', '--no-cache', '--param', '--approval-url'],
    backtest: ['--train-until', '--from', '--to', '--out', '--data-dir', '--config'],
    forecast: ['--as-of', '--data-dir', '--jma-forecast', '--store', '--model-dir', '--out'],
    daily: ['--store', '--data-dir', '--as-of', '--group', '--registry', '--backfill', '--skip-approval', '--config'],
    ledger: ['--store', '--out', '--from', '--to', '--data-dir', '--config'],
    models: ['--reason', '--by', '--config', '--store', '--group', '--registry'],
    sagemaker: ['--out', '--param', '--wait', '--config'],
    step: ['--input_data', '--target', '--split_date', '--hyperparameters', '--mse_threshold'],
  };

  it.each(Object.entries(options))('trainer %s --help lists its options and exits 0', async (command, flags) => {
    const help = await runCli([command, '--help']);
    expect(help.code).toBe(0);
    expect(help.err).toMatch(new RegExp(`^usage: trainer ${command} `));
    for (const flag of flags) expect(help.err).toContain(`  ${flag}`);
    expect(help.err).toContain('  -h, --help');
  });

  it.each(Object.keys(options))('trainer %s --bogus exits 2 with one line naming the option', async (command) => {
    const result = await runCli([command, '--bogus']);
    expect(result.code).toBe(2);
    expect(result.err.split('\n')).toHaveLength(1);
    expect(result.err).toContain(`trainer ${command}: `);
    expect(result.err).toContain("unknown option '--bogus'");
  });

  it('lists the commands with one line each, and names an unknown top-level option', async () => {
    const help = await runCli(['-h']);
    expect(help.code).toBe(0);
    for (const command of Object.keys(options)) expect(help.err).toMatch(new RegExp(`\n  ${command} +\\S`));
    expect((await runCli(['--verbose'])).err).toBe("trainer: unknown option '--verbose' (usage: trainer --help)");
  });

  it('as a process: --help exits 0, an unknown option exits 2 with no stack trace', () => {
    const help = trainer(['run', '--help']);
    expect(help.status).toBe(0);
    expect(help.stderr).toContain('usage: trainer run [options]');
    const unknown = trainer(['run', '--dta-dir', 'x']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.trim()).toBe("trainer run: unknown option '--dta-dir' (usage: trainer run --help)");
  });
});
