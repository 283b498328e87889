import { describe, expect, it } from 'vitest';
import type { ForecastRecord } from '../domain.js';
import { DriftMonitor, type DriftReference } from './drift-monitor.js';

/** Reference: training max_temp spread evenly over ≤10, 10–20, 20–30, >30 ℃; weather 晴れ/曇り half each. */
const reference: DriftReference = {
  modelVersion: 3,
  numeric: [{ feature: 'max_temp', edges: [10, 20, 30], shares: [0.25, 0.25, 0.25, 0.25] }],
  weatherCategoryShares: { 晴れ: 0.5, 曇り: 0.5 },
  featurize: (records) => ({
    columns: new Map([['max_temp', records.map((record) => record.max_temp)]]),
    weatherCategories: records.map((record) =>
      record.weather === '晴' ? '晴れ' : record.weather === '曇' ? '曇り' : 'その他',
    ),
  }),
};

function records(count: number, maxTemp: (i: number) => number, weather: (i: number) => string): ForecastRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    date: '2025-05-20',
    max_temp: maxTemp(i),
    min_temp: -10,
    weather: weather(i),
  }));
}

describe('DriftMonitor', () => {
  it('reports no drift when requests look like the training data', () => {
    const monitor = new DriftMonitor(1000);
    monitor.observe(
      records(
        400,
        (i) => [5, 15, 25, 35][i % 4] as number,
        (i) => (i % 2 === 0 ? '晴' : '曇'),
      ),
    );
    const report = monitor.report(reference);
    expect(report).toMatchObject({ sampleSize: 400, enoughData: true, flagged: [], modelVersion: 3 });
    expect(report.features[0]?.psi).toBeCloseTo(0, 6);
    expect(report.weather.unknownShare).toBe(0);
  });

  it('flags a shifted feature and unknown weather', () => {
    const monitor = new DriftMonitor(1000);
    monitor.observe(
      records(
        200,
        () => 35,
        (i) => (i % 4 === 0 ? '砂嵐' : '晴'),
      ),
    );
    const report = monitor.report(reference);
    expect(report.flagged).toEqual(['max_temp', 'weather_category']);
    expect(report.features[0]?.psi).toBeGreaterThan(0.2);
    expect(report.weather.unknownShare).toBe(0.25);
  });

  it('keeps only the most recent records', () => {
    const monitor = new DriftMonitor(100);
    monitor.observe(
      records(
        100,
        () => 35,
        () => '晴',
      ),
    );
    monitor.observe(
      records(
        100,
        (i) => [5, 15, 25, 35][i % 4] as number,
        (i) => (i % 2 === 0 ? '晴' : '曇'),
      ),
    );
    expect(monitor.size).toBe(100);
    expect(monitor.report(reference).flagged).toEqual([]);
  });

  it('does not flag anything on too small a sample', () => {
    const monitor = new DriftMonitor();
    monitor.observe(
      records(
        10,
        () => 35,
        () => '晴',
      ),
    );
    const report = monitor.report(reference);
    expect(report.enoughData).toBe(false);
    expect(report.flagged).toEqual([]);
    expect(report.features[0]?.flagged).toBe(true);
  });
});
