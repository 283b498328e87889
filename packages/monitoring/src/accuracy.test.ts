import type { LedgerRow } from '@powercast/contracts';
import { describe, expect, it } from 'vitest';
import { archiveDays, backtestLedger, type ArchiveDay } from './__fixtures__/testing.js';
import { rollingAccuracy } from './accuracy.js';

const dataDir = process.env['POWERCAST_DATA_DIR'];

/** The oracle: MAPE over explicit pairs, written out in the test. */
function expectedMape(pairs: { forecast: number; actual: number }[]): number {
  let sum = 0;
  for (const { forecast, actual } of pairs) sum += Math.abs(forecast - actual) / actual;
  return (sum / pairs.length) * 100;
}

function between(days: ArchiveDay[], from: string, to: string): ArchiveDay[] {
  return days.filter((day) => day.date >= from && day.date <= to);
}

describe.skipIf(!dataDir)('rollingAccuracy on the 2023 archive', () => {
  it("measures a model that forecasts TEPCO's own numbers as exactly as accurate as TEPCO", async () => {
    const days = await archiveDays(dataDir as string);
    const report = rollingAccuracy(backtestLedger(days), { modelVersion: '1', asOf: '2023-08-31' });
    const [week, month] = report.windows;
    expect(week).toMatchObject({ days: 7, from: '2023-08-25', to: '2023-08-31', samples: 7 });
    expect(month).toMatchObject({ days: 28, from: '2023-08-04', to: '2023-08-31', samples: 28 });
    const august = between(days, '2023-08-04', '2023-08-31');
    const tepcoPairs = august.map((day) => ({ forecast: day.tepcoForecast as number, actual: day.actual }));
    expect(month?.mapePercent).toBeCloseTo(expectedMape(tepcoPairs), 10);
    expect(month?.tepco).toEqual({ samples: 28, mapePercent: month?.mapePercent });
    const bias = august.reduce((sum, day) => sum + ((day.tepcoForecast as number) - day.actual), 0) / 28;
    expect(month?.biasManKw).toBeCloseTo(bias, 10);
  });

  it('scores the naive baseline with the actual of the same weekday a week earlier, where the ledger has it', async () => {
    const days = await archiveDays(dataDir as string);
    const report = rollingAccuracy(backtestLedger(days), { modelVersion: '1', asOf: '2023-01-28' });
    const month = report.windows[1];
    // The ledger starts on 2023-01-01: Jan 1–7 have no D−7 actual, so 21 of the 28 days are scored.
    expect(month?.naive.samples).toBe(21);
    const actual = new Map(days.map((day) => [day.date, day.actual]));
    const pairs = between(days, '2023-01-08', '2023-01-28').map((day) => ({
      forecast: actual.get(
        new Date(Date.parse(`${day.date}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10),
      ) as number,
      actual: day.actual,
    }));
    expect(month?.naive.mapePercent).toBeCloseTo(expectedMape(pairs), 10);
  });

  it('gives a forecast 3 % too high a MAPE of 3 % and a positive bias of 3 % of the mean actual', async () => {
    const days = await archiveDays(dataDir as string);
    const report = rollingAccuracy(backtestLedger(days, { point: (day) => day.actual * 1.03 }), {
      modelVersion: '1',
      asOf: '2023-03-31',
    });
    const month = report.windows[1];
    const meanActual = between(days, '2023-03-04', '2023-03-31').reduce((sum, day) => sum + day.actual, 0) / 28;
    expect(month?.mapePercent).toBeCloseTo(3, 10);
    expect(month?.biasManKw).toBeCloseTo(0.03 * meanActual, 8);
  });

  it('counts the share of actuals inside [p10, p90] over the forecasts that carry a band', async () => {
    const days = await archiveDays(dataDir as string);
    // Every fifth day the band lies above the actual; every seventh day the model has no band.
    const rows = backtestLedger(days, {
      point: (day) => day.actual,
      band: (day, point, index) =>
        index % 7 === 0 ? null : index % 5 === 0 ? [day.actual + 1, day.actual + 50] : [point - 100, point + 100],
    });
    const report = rollingAccuracy(rows, { modelVersion: '1', asOf: '2023-06-30' });
    const month = report.windows[1];
    const inWindow = rows
      .map((row, index) => ({ row, index }))
      .filter(({ row }) => row.targetDate >= '2023-06-03' && row.targetDate <= '2023-06-30');
    const withBand = inWindow.filter(({ index }) => index % 7 !== 0);
    const covered = withBand.filter(({ index }) => index % 5 !== 0);
    expect(month?.coverageSamples).toBe(withBand.length);
    expect(month?.coverage).toBeCloseTo(covered.length / withBand.length, 12);
  });

  it('reports no coverage for a model without quantiles', async () => {
    const days = await archiveDays(dataDir as string);
    const report = rollingAccuracy(backtestLedger(days, { band: () => null }), {
      modelVersion: '1',
      asOf: '2023-06-30',
    });
    expect(report.windows[1]).toMatchObject({ coverage: null, coverageSamples: 0, samples: 28 });
  });
});

describe('rollingAccuracy: which rows count', () => {
  const day: ArchiveDay = { date: '2023-05-10', actual: 3000, tepcoForecast: 3100 };
  const base = backtestLedger([day], { point: () => 3300 })[0] as LedgerRow;

  it('takes the deployed version, the requested lead and the latest issue of a target date, and skips unscored rows', () => {
    const rows: LedgerRow[] = [
      base,
      { ...base, issuedAt: '2023-05-09T20:00:00+09:00', point: 3030 },
      { ...base, modelVersion: '2', point: 6000 },
      { ...base, lead: 2, issuedAt: '2023-05-08T18:00:00+09:00', point: 6000 },
      { ...base, targetDate: '2023-05-09', actual: null, error: null, point: 9000 },
    ];
    const month = rollingAccuracy(rows, { modelVersion: '1', asOf: '2023-05-10' }).windows[1];
    expect(month?.samples).toBe(1);
    expect(month?.mapePercent).toBeCloseTo(1, 12);
    expect(month?.biasManKw).toBeCloseTo(30, 12);
  });

  it('gives null figures for a window without scored forecasts', () => {
    const month = rollingAccuracy([base], { modelVersion: '1', asOf: '2023-09-01' }).windows[1];
    expect(month).toMatchObject({ samples: 0, mapePercent: null, biasManKw: null, coverage: null });
    expect(month?.tepco).toEqual({ samples: 0, mapePercent: null });
  });
});
