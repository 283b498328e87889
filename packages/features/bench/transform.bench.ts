/**
 * Speed of the feature transforms. Prints rows/s and ratios against baselines measured in the
 * same run (never asserted): an Arquero `derive` of the six reference numeric features for the
 * batch, and `structuredClone` of one record for the single-record path.
 *
 *   npx nx run features:bench   (the real history from POWERCAST_DATA_DIR, relative to where you type it, else ../shared/data)
 */
import { processIo, realDataDir } from '@powercast/contracts/cli';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import {
  fitFeatureSpec,
  transform,
  transformRecords,
  type DemandObservation,
  type ForecastRecord,
} from '../src/index.js';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeMs(run: () => unknown, repeats: number): number {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

function syntheticTable(days: number): ColumnTable {
  const start = Date.parse('2016-04-01T00:00:00Z');
  const date = Array.from({ length: days }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
  const season = date.map((_, i) => Math.cos((2 * Math.PI * (i + 100)) / 365));
  return aq.table({
    date,
    max_temp: season.map((s) => 22 - 9 * s),
    min_temp: season.map((s) => 14 - 9 * s),
    weather_day: date.map((_, i) => ['晴', '曇一時雨', '晴後曇', '雨'][i % 4]),
    peak_hourly: season.map((s) => 3500 + 500 * Math.abs(s)),
  });
}

async function historyTable(): Promise<{ table: ColumnTable; source: string }> {
  // nx runs this in packages/features; a relative POWERCAST_DATA_DIR is the user's, from where they typed the command.
  const dir = realDataDir(processIo());
  if (!dir) {
    console.warn(
      'no data (POWERCAST_DATA_DIR, ../shared/data): benchmarking 2,831 synthetic days instead of the real history',
    );
    return { table: syntheticTable(2831), source: 'synthetic' };
  }
  const { loadDailyDataset } = await import('@powercast/data-loaders');
  return { table: (await loadDailyDataset({ source: dir })).table, source: dir };
}

const { table, source } = await historyTable();
const n = table.numRows();
const spec = fitFeatureSpec(table);
const fmt = (x: number, digits = 2): string => x.toFixed(digits);

// Batch: the whole history, extended set, lags from the table's own target.
for (let i = 0; i < 20; i++) transform(table, spec); // warm-up
const batchMs = timeMs(() => transform(table, spec), 50);
const deriveMs = timeMs(
  () =>
    table
      .derive({
        avg: (d) => (d.max_temp + d.min_temp) / 2,
        rng: (d) => d.max_temp - d.min_temp,
      })
      .derive({
        cdd: (d) => (d.avg > 18 ? d.avg - 18 : 0),
        hdd: (d) => (d.avg < 18 ? 18 - d.avg : 0),
        hot: (d) => (d.max_temp >= 30 ? 1 : 0),
        cold: (d) => (d.min_temp <= 5 ? 1 : 0),
      })
      .array('cdd'),
  50,
);
const referenceSpec = fitFeatureSpec(table, { featureSet: 'reference' });
const referenceMs = timeMs(() => transform(table, referenceSpec), 50);
const fitMs = timeMs(() => fitFeatureSpec(table), 10);
console.log(`history (${source}): ${n} days × ${spec.featureNames.length} features (extended)`);
console.log(
  `  transform            ${fmt(batchMs)} ms median  ${fmt(n / (batchMs / 1000), 0)} rows/s  (target < 100 ms)`,
);
console.log(
  `  transform, reference set (${referenceSpec.featureNames.length} features)  ${fmt(referenceMs)} ms  ${fmt(n / (referenceMs / 1000), 0)} rows/s`,
);
console.log(`  fitFeatureSpec (encoders + training stats)  ${fmt(fitMs)} ms`);
console.log(
  `  baseline: Arquero derive of 6 reference numeric features  ${fmt(deriveMs)} ms  → transform/baseline ${fmt(batchMs / deriveMs)}×`,
);

// Single records: one request record with 60 days of demand history and 2 days of weather.
const dates = table.array('date') as string[];
const peaks = table.array(spec.config.target) as number[];
const history: DemandObservation[] = dates.slice(-61, -1).map((date, i) => ({ date, peak: peaks[n - 61 + i] }));
const weatherHistory = (table.objects() as ForecastRecord[]).slice(-3, -1);
const last = table.objects({ offset: n - 1, limit: 1 })[0] as Record<string, unknown>;
const record: ForecastRecord = {
  date: last.date as string,
  max_temp: last.max_temp as number,
  min_temp: last.min_temp as number,
  weather: (last.weather_day as string | null) ?? null,
};
const calls = 10_000;
for (let i = 0; i < 2_000; i++) transformRecords([record], spec, { history, weatherHistory }); // warm-up
const single: number[] = [];
const clone: number[] = [];
for (let i = 0; i < calls; i++) {
  let start = process.hrtime.bigint();
  transformRecords([record], spec, { history, weatherHistory });
  single.push(Number(process.hrtime.bigint() - start) / 1e3);
  start = process.hrtime.bigint();
  structuredClone(record);
  clone.push(Number(process.hrtime.bigint() - start) / 1e3);
}
const singleUs = median(single);
const cloneUs = median(clone);
console.log(
  `single records: ${calls} calls of transformRecords([record], spec, { history: 60 days, weatherHistory: 2 days })`,
);
console.log(`  transformRecords     ${fmt(singleUs)} µs median  ${fmt(1e6 / singleUs, 0)} records/s  (target < 20 µs)`);
console.log(
  `  baseline: structuredClone(record)  ${fmt(cloneUs)} µs  → transformRecords/baseline ${fmt(singleUs / cloneUs)}×`,
);
