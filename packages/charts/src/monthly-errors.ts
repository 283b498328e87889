import { formatMonthJa } from './format.js';
import type { ChartPrediction } from './input.js';

export interface MonthlyError {
  /** `YYYY-MM` */
  month: string;
  /** Axis label: `2023年1月` for the first month and every January, otherwise `2月`. */
  label: string;
  days: number;
  /** Mean of |predicted − actual| / actual, in percent (days with actual 0 are left out). */
  mapePct: number;
  /** Mean of predicted − actual, 万kW: positive = over-forecast. */
  biasManKw: number;
  /** Mean of |predicted − actual|, 万kW. */
  maeManKw: number;
}

/** Error summary per calendar month of the predictions, in month order. */
export function monthlyErrors(predictions: readonly ChartPrediction[]): MonthlyError[] {
  const byMonth = new Map<string, ChartPrediction[]>();
  for (const p of predictions) {
    const month = p.date.slice(0, 7);
    const bucket = byMonth.get(month);
    if (bucket === undefined) byMonth.set(month, [p]);
    else bucket.push(p);
  }
  const months = [...byMonth.keys()].sort();
  return months.map((month, index) => {
    const days = byMonth.get(month) ?? [];
    const withActual = days.filter((p) => p.actual !== 0);
    const mean = (values: number[]): number =>
      values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
    return {
      month,
      label: formatMonthJa(month, index === 0 || month.endsWith('-01')),
      days: days.length,
      mapePct: mean(withActual.map((p) => (Math.abs(p.predicted - p.actual) / Math.abs(p.actual)) * 100)),
      biasManKw: mean(days.map((p) => p.predicted - p.actual)),
      maeManKw: mean(days.map((p) => Math.abs(p.predicted - p.actual))),
    };
  });
}
