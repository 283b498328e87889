import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDir, runCli } from '../../test/cli.js';

describe.skipIf(!dataDir)('trainer backtest', () => {
  it('writes predictions.csv and metrics.json and prints the model against the baselines', async () => {
    const out = mkdtempSync(join(tmpdir(), 'powercast-backtest-'));
    const result = await runCli(
      [
        'backtest',
        '--weather',
        'observed',
        '--train-until',
        '2022-12-31',
        '--from',
        '2023-01-01',
        '--to',
        '2023-01-31',
        '--out',
        out,
      ],
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
    expect(result.out).toContain('powercast backcast');
  });

  it('by default forecasts ex-ante as of 18:00 the day before, with TEPCO night-before beside it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'powercast-backtest-'));
    const result = await runCli(
      ['backtest', '--train-until', '2022-03-31', '--from', '2022-04-02', '--to', '2022-04-30', '--out', out],
      { env: { POWERCAST_DATA_DIR: dataDir } },
    );
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const lines = readFileSync(join(out, 'predictions.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'date,actual,predicted,variant,issued_at,weather_source,trained_through,' +
        'tepco_night_before,powercast_backcast,reference_config,naive_yesterday,p10,p50,p90',
    );
    expect(lines).toHaveLength(30);
    expect(lines[1]).toMatch(
      /^2022-04-02,\d+,\d+\.\d,with-history,2022-04-01T18:00:00\+09:00,jma 2022-04-01T\d\d:00:00\+09:00,2022-03-31,\d+\.\d,/,
    );
    // The interval is the last three columns: p50 is the point forecast, p10 below it, p90 above.
    for (const row of lines.slice(1)) {
      const cells = row.split(',');
      const [p10, p50, p90] = cells.slice(-3).map(Number) as [number, number, number];
      expect(p50, row).toBe(Number(cells[2]));
      expect(p10, row).toBeLessThan(p50);
      expect(p90, row).toBeGreaterThan(p50);
    }
    // Calibrated as TrainModel serves it, on the held-out ex-ante days JMA's archive covers before --train-until.
    expect(result.out).toMatch(
      /80 % interval \(balanced-band, calibrated on 2021-11-0\d\.\.2022-03-31 \(1\d\d held-out ex-ante days, retrained quarterly\)\): coverage \d+\.\d %/,
    );
    const printed = result.out.split('\n');
    const exAnte = printed.findIndex((line) => line.includes('powercast ex-ante'));
    expect(exAnte).toBeGreaterThan(0);
    expect(printed.findIndex((line) => line.includes('TEPCO night-before'))).toBeGreaterThan(exAnte);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as {
      window: { weather: string; issueTime: string };
    };
    expect(metrics.window).toMatchObject({ weather: 'forecast', issueTime: '18:00' });
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

  it('names the interval methods', async () => {
    const result = await runCli(
      [
        'backtest',
        '--train-until',
        '2022-12-31',
        '--from',
        '2023-01-01',
        '--to',
        '2023-01-31',
        '--out',
        '/tmp/x',
      ].concat(['--intervals', 'wide']),
    );
    expect(result.code).toBe(2);
    expect(result.err).toContain(
      '--intervals: expected balanced-band, quantile-band, conformal, scaled-band or none, got "wide"',
    );
  });

  it('names the weather modes', async () => {
    const result = await runCli(
      [
        'backtest',
        '--train-until',
        '2022-12-31',
        '--from',
        '2023-01-01',
        '--to',
        '2023-01-31',
        '--out',
        '/tmp/x',
      ].concat(['--weather', 'jma']),
    );
    expect(result.code).toBe(2);
    expect(result.err).toContain('--weather: expected forecast or observed, got "jma"');
  });
});
