import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDir, runCli } from '../../test/cli.js';

describe.skipIf(!dataDir)('trainer backtest', () => {
  it('writes predictions.csv and metrics.json and prints the model against the baselines', async () => {
    const out = mkdtempSync(join(tmpdir(), 'powercast-backtest-'));
    const result = await runCli(
      ['backtest', '--train-until', '2022-12-31', '--from', '2023-01-01', '--to', '2023-01-31', '--out', out],
      {
        env: { POWERCAST_DATA_DIR: dataDir },
      },
    );
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const lines = readFileSync(join(out, 'predictions.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('date,actual,predicted,variant');
    expect(lines).toHaveLength(32);
    expect(lines[1]).toMatch(/^2023-01-01,\d+(\.\d+)?,\d+\.\d,(with-history|weather-calendar)$/);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as {
      series: { name: string; metrics: { mape: number } }[];
    };
    expect(metrics.series.length).toBeGreaterThanOrEqual(4);
    for (const series of metrics.series) expect(result.out).toContain(series.name);
  });
});

describe('trainer backtest usage', () => {
  it('asks for ISO dates and an output directory', async () => {
    const result = await runCli([
      'backtest',
      '--train-until',
      '2022-12',
      '--from',
      '2023-01-01',
      '--to',
      '2023-01-31',
      '--out',
      '/tmp/x',
    ]);
    expect(result.code).toBe(2);
    expect(result.err).toContain('--train-until: expected YYYY-MM-DD, got "2022-12"');
  });
});
