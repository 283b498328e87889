import { INTERVALS_UNAVAILABLE } from '@powercast/model';
import type { FieldError, ForecastRecord, PredictionInterval, ServedPrediction } from '../domain.js';
import type { HistoryReport } from '../history/request-history.js';
import type { InputQuality } from '../inputs/input-quality.js';
import type { PredictionBatch } from '../predictors/predictor.js';
import { csvField } from '../request/csv.js';

/** Categories the weather classifier falls back to when the text matches no known pattern. */
const FALLBACK_WEATHER_CATEGORIES = new Set(['その他', '不明']);

export interface PredictResponseBody {
  predictions: number[];
  unit: '万kW';
  model: { backend: string; version: number | string | null; variant: string[] };
  details: ServedPrediction[];
  /** Which actuals answered (the caller's, the service's trusted ones, none) and why a record fell back. */
  history: HistoryReport;
  /** The data-quality rules on the trusted actuals behind the answer, and what answered when they were refused. */
  quality: InputQuality;
  warnings: FieldError[];
  /** About the answer as a whole rather than a field, e.g. "intervals unavailable: model has no quantiles". */
  modelWarnings: string[];
}

/** Round to 0.01 万kW (100 kW): finer digits are noise and bloat the response. */
function roundManKw(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * The JSON answer: `predictions` stays a plain list of numbers so reference clients keep working;
 * everything else is additive.
 */
export function predictResponseBody(
  records: ForecastRecord[],
  batch: PredictionBatch,
  history: HistoryReport,
  quality: InputQuality,
): PredictResponseBody {
  // A detail carries `interval` only when the model gave one (older answers keep their shape).
  // Built field by field: object rest/spread costs more than the rest of this function (every answer).
  const details = batch.predictions.map((prediction): ServedPrediction => {
    const detail: ServedPrediction = {
      date: prediction.date,
      peakManKw: roundManKw(prediction.peakManKw),
      variant: prediction.variant,
      weatherCategory: prediction.weatherCategory,
    };
    if (prediction.interval != null) detail.interval = roundInterval(prediction.interval);
    return detail;
  });
  return {
    predictions: details.map((prediction) => prediction.peakManKw),
    unit: '万kW',
    model: {
      backend: batch.model.backend,
      version: batch.model.version,
      variant: details.map((prediction) => prediction.variant),
    },
    details,
    history,
    quality,
    warnings: weatherWarnings(records, details),
    modelWarnings: details.some((prediction) => prediction.interval === undefined) ? [INTERVALS_UNAVAILABLE] : [],
  };
}

function roundInterval(interval: PredictionInterval): PredictionInterval {
  return { p10: roundManKw(interval.p10), p50: roundManKw(interval.p50), p90: roundManKw(interval.p90) };
}

function weatherWarnings(records: ForecastRecord[], predictions: ServedPrediction[]): FieldError[] {
  const warnings: FieldError[] = [];
  predictions.forEach((prediction, index) => {
    const weather = records[index]?.weather;
    if (weather === null || weather === undefined || prediction.weatherCategory === null) return;
    if (!FALLBACK_WEATHER_CATEGORIES.has(prediction.weatherCategory)) return;
    warnings.push({
      path: [index, 'weather'],
      message: `weather text matched no known description; treated as category "${prediction.weatherCategory}"`,
      value: weather,
    });
  });
  return warnings;
}

export function predictResponseCsv(body: PredictResponseBody): string {
  const lines = ['date,peak_man_kw,variant,weather_category'];
  for (const detail of body.details) {
    lines.push([detail.date, detail.peakManKw, detail.variant, detail.weatherCategory].map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** CSV only when the client asks for it and does not also accept JSON. */
export function prefersCsv(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  const lower = accept.toLowerCase();
  return lower.includes('text/csv') && !lower.includes('application/json');
}
