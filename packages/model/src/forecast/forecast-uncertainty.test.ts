import { describe, expect, it } from 'vitest';
import { ForecastIssueIndex, SupplyCapacityIndex, type ForecastIssueRow } from '@powercast/data-loaders';
import { featureTableAsOf, type AsOfSources } from '@powercast/features';
import { syntheticAsOfWorld } from '../__fixtures__/as-of-sources.js';
import { syntheticDailyTable } from '../__fixtures__/daily-table.js';
import { forecastAsOf } from './forecast-as-of.js';
import { ForecastModel, type ForecastPrediction } from './forecast-model.js';
import { INTERVALS_UNAVAILABLE, uncertaintyAsOf } from './forecast-uncertainty.js';
import { probabilityAtLeast } from './tight-supply.js';

const table = syntheticDailyTable({ from: '2020-01-01', days: 800, seed: 21 });
const world = syntheticAsOfWorld(table, 5, '2021-12-01');
const model = ForecastModel.train(table.filter(`d => d.date <= '2021-12-31'`), {
  hyperparameters: { nEstimators: 40, learningRate: 0.15, maxDepth: 4 },
});

const ISSUE_DAY = '2022-07-20';
const AS_OF = `${ISSUE_DAY}T18:00:00+09:00`;
const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const TARGETS = [1, 2, 3, 4, 5, 6, 7].map((lead) => addDays(ISSUE_DAY, lead));

/** JMA's 17:00 issue: D+1 short-range, D+2..D+7 weekly with a likely range of ±`spreadC` °C. */
function issue(spreadC: number): ForecastIssueRow[] {
  return TARGETS.map((target, i) => {
    const weekly = i > 0;
    const max = 31 + i;
    const min = 24;
    return {
      issued_at: `${ISSUE_DAY}T17:00:00+09:00`,
      issue_date: ISSUE_DAY,
      target_date: target,
      lead_days: i + 1,
      weather_code: weekly ? null : 100,
      weather_text: weekly ? null : '晴れ',
      pop_00: null,
      pop_06: null,
      pop_12: null,
      pop_18: null,
      temp_min: weekly ? null : min,
      temp_max: weekly ? null : max,
      weekly_weather_code: weekly ? 100 : null,
      weekly_pop: weekly ? 20 : null,
      weekly_reliability: weekly ? 'B' : null,
      weekly_temp_min: weekly ? min : null,
      weekly_temp_min_lower: weekly ? min - spreadC : null,
      weekly_temp_min_upper: weekly ? min + spreadC : null,
      weekly_temp_max: weekly ? max : null,
      weekly_temp_max_lower: weekly ? max - spreadC : null,
      weekly_temp_max_upper: weekly ? max + spreadC : null,
    };
  });
}

const capacityStamped = (stamp: string): SupplyCapacityIndex =>
  new SupplyCapacityIndex([
    { targetDate: TARGETS[0]!, valueManKw: 5600, band: '14:00～15:00', stamp, file: '20220720_power_usage.csv' },
  ]);

function sourcesWith(spreadC: number, capacityStamp = `${ISSUE_DAY}T17:40:00+09:00`): AsOfSources {
  return {
    ...world.sources,
    forecasts: new ForecastIssueIndex(issue(spreadC)),
    supplyCapacity: capacityStamped(capacityStamp),
  };
}

/** The model's answers with a hand-made interval (−150 / +200 万kW) around each, as a quantile model gives. */
function answered(sources: AsOfSources, withInterval: boolean, answerer: ForecastModel = model) {
  const rows = featureTableAsOf({ targets: TARGETS, issuedAt: AS_OF, spec: answerer.spec, sources });
  const predictions: ForecastPrediction[] = answerer
    .predictMatrix(rows.matrix)
    .map((prediction) =>
      withInterval
        ? { ...prediction, interval: { p10: prediction.peak - 150, p50: prediction.peak, p90: prediction.peak + 200 } }
        : prediction,
    );
  return uncertaintyAsOf({
    model: answerer,
    sources,
    targets: TARGETS,
    issuedAt: AS_OF,
    predictions,
    provenance: rows.provenance,
    leadDays: TARGETS.map((_, r) => r + 1),
  });
}

const width = (band: { p10: number; p90: number } | null): number => band!.p90 - band!.p10;

describe('uncertaintyAsOf with predictions that carry an interval', () => {
  const narrow = answered(sourcesWith(0), true);
  const wide = answered(sourcesWith(3), true);

  it("keeps the model's own interval where JMA's range is zero wide, and says nothing is missing", () => {
    expect(narrow.warnings).toEqual([]);
    for (const day of narrow.days) expect(width(day.interval)).toBeCloseTo(350, 9);
  });

  it("widens leads 2–7 by JMA's likely range, never D+1 (short-range forecast), keeping P50", () => {
    expect(wide.days[0]!.interval).toEqual(narrow.days[0]!.interval);
    expect(wide.days[0]!.weatherRange).toBeNull();
    const widths = wide.days.slice(1).map((day) => width(day.interval));
    expect(widths.every((w) => w >= 350)).toBe(true);
    expect(Math.max(...widths)).toBeGreaterThan(350);
    wide.days.slice(1).forEach((day, i) => {
      expect(day.interval!.p50).toBe(narrow.days[i + 1]!.interval!.p50);
      expect(day.weatherRange).toEqual({ maxLower: 29 + i, maxUpper: 35 + i, minLower: 21, minUpper: 27 });
    });
  });

  it("gives D+1's tight-supply chances from the capacity announced before the issue", () => {
    const d1 = narrow.days[0]!;
    expect(d1.tightSupply).toMatchObject({ status: 'known', capacityManKw: 5600, band: '14:00～15:00' });
    expect(d1.tightSupply.pAtLeast95Percent).toBeCloseTo(probabilityAtLeast(d1.interval!, 5600 * 0.95), 12);
    expect(narrow.days.slice(1).map((day) => day.tightSupply.status)).toEqual(Array(6).fill('unknown'));
  });

  it('reads no JMA issue published after the issue time: a later issue with other ranges changes nothing', () => {
    const later = issue(6).map((row) => ({
      ...row,
      issued_at: `${ISSUE_DAY}T18:30:00+09:00`,
      weekly_temp_max: row.weekly_temp_max === null ? null : row.weekly_temp_max + 4,
    }));
    const sources: AsOfSources = {
      ...sourcesWith(3),
      forecasts: new ForecastIssueIndex([...issue(3), ...later]),
    };
    expect(answered(sources, true).days).toEqual(wide.days);
  });

  it('does not use a capacity stamped after the issue time: the outlook turns unknown, the band stays', () => {
    const late = answered(sourcesWith(0, `${ISSUE_DAY}T18:05:00+09:00`), true);
    expect(late.days[0]!.tightSupply).toMatchObject({ status: 'unknown', reason: 'no-capacity' });
    expect(late.days[0]!.interval).toEqual(narrow.days[0]!.interval);
  });
});

describe('uncertaintyAsOf with a model calibrated by lead', () => {
  const withQuantiles = ForecastModel.train(table.filter(`d => d.date <= '2021-12-31'`), {
    hyperparameters: { nEstimators: 40, learningRate: 0.15, maxDepth: 4 },
    quantiles: { hyperparameters: { nEstimators: 10 } },
  });
  const unit = { lower: 1, upper: 1, nDays: 365 };
  const calibrated = withQuantiles.withIntervalCalibration({
    method: 'quantile-band',
    seasons: { winter: unit, spring: unit, summer: unit, autumn: unit },
    window: { from: '2021-01-01', to: '2021-12-31', nDays: 365 },
    leads: [{ leadDays: 3, lower: 0.5, upper: 2, nDays: 300 }],
  });

  it("scales the widened band of the calibrated lead around P50, and no other lead's", () => {
    const served = answered(sourcesWith(3), true, withQuantiles.withIntervalCalibration(null)).days;
    const scaled = answered(sourcesWith(3), true, calibrated).days;
    const d3 = served[2]!.interval!;
    expect(scaled[2]!.interval!.p50).toBe(d3.p50);
    expect(d3.p50 - scaled[2]!.interval!.p10).toBeCloseTo(0.5 * (d3.p50 - d3.p10), 9);
    expect(scaled[2]!.interval!.p90 - d3.p50).toBeCloseTo(2 * (d3.p90 - d3.p50), 9);
    scaled.forEach((day, i) => {
      if (i !== 2) expect(day.interval).toEqual(served[i]!.interval);
    });
  });
});

describe('uncertaintyAsOf with point predictions only (an artifact without quantiles)', () => {
  const point = answered(sourcesWith(3), false);

  it('has no interval, says why once, and the tight-supply chance is unknown', () => {
    expect(point.warnings).toEqual([INTERVALS_UNAVAILABLE]);
    expect(point.days.map((day) => day.interval)).toEqual(Array(7).fill(null));
    expect(point.days[0]!.tightSupply).toMatchObject({ status: 'unknown', reason: 'no-interval' });
  });

  it('is what forecastAsOf answers for such a model: point forecasts and the warning', () => {
    const forecast = forecastAsOf({ model, sources: sourcesWith(3), asOf: AS_OF });
    expect(forecast.warnings).toEqual([INTERVALS_UNAVAILABLE]);
    expect(forecast.days).toHaveLength(7);
    for (const day of forecast.days) {
      expect(Number.isFinite(day.peakManKw)).toBe(true);
      expect(day.interval).toBeNull();
    }
  });
});
