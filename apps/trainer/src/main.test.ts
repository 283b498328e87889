import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { projectRoot, runCli } from '../test/cli.js';

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
    expect(help.err).toContain('usage: trainer <run|backtest|models|sagemaker|step>');
    const unknown = await runCli(['deploy']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown command "deploy"');
  });
});
