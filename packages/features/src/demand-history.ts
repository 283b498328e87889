import { calendarIndexOf, calendarTable } from './calendar.js';
import { FeatureInputError } from './errors.js';

/**
 * An actual daily peak (万kW) of a past date, optionally with that day's observed temperatures
 * (℃), which then also feed the previous-day weather features.
 */
export interface DemandObservation {
  date: string;
  peak: number;
  max_temp?: number | null;
  min_temp?: number | null;
}

/** Peaks by calendar index over a contiguous span; NaN where no actual is known. */
export interface DemandHistory {
  firstIndex: number;
  peaks: Float64Array;
}

/** Look-back limits of the lag features (days). */
export const RECENT_DEMAND_WINDOW = {
  /** Without any actual in the last `recentDays` days every lag feature is missing. */
  recentDays: 7,
  /** `peak_mean_28wd` averages this many working days … */
  workingDays: 28,
  /** … searched back at most this many calendar days … */
  searchDays: 56,
  /** … and is missing with fewer than this many. */
  minimumWorkingDays: 14,
} as const;

const EMPTY: DemandHistory = { firstIndex: 0, peaks: new Float64Array(0) };
const historyCache = new WeakMap<readonly DemandObservation[], DemandHistory>();

/** Index a `{date, peak}` list (cached per array, so serving can reuse one history cheaply). */
export function demandHistoryFromObservations(observations: readonly DemandObservation[]): DemandHistory {
  const cached = historyCache.get(observations);
  if (cached) return cached;
  if (observations.length === 0) return EMPTY;
  const indices = new Int32Array(observations.length);
  let first = Infinity;
  let last = -Infinity;
  observations.forEach((o, i) => {
    indices[i] = calendarIndexOf(o?.date, `history[${i}].date`);
    if (typeof o.peak !== 'number' || !Number.isFinite(o.peak)) {
      throw new FeatureInputError(`history[${i}].peak`, undefined, o.peak, 'a finite peak in 万kW');
    }
    first = Math.min(first, indices[i]);
    last = Math.max(last, indices[i]);
  });
  const peaks = new Float64Array(last - first + 1).fill(NaN);
  observations.forEach((o, i) => {
    if (peaks[indices[i] - first] === peaks[indices[i] - first]) {
      throw new FeatureInputError(`history[${i}].date`, undefined, o.date, 'each date at most once in the history');
    }
    peaks[indices[i] - first] = o.peak;
  });
  const history = { firstIndex: first, peaks };
  historyCache.set(observations, history);
  return history;
}

/** History from the rows being transformed (their own target column; NaN/null = unknown). */
export function demandHistoryFromColumns(calendarIndex: Int32Array, peaks: ArrayLike<unknown>): DemandHistory {
  if (calendarIndex.length === 0) return EMPTY;
  let first = Infinity;
  let last = -Infinity;
  for (const index of calendarIndex) {
    first = Math.min(first, index);
    last = Math.max(last, index);
  }
  const byDay = new Float64Array(last - first + 1).fill(NaN);
  for (let i = 0; i < calendarIndex.length; i++) {
    const peak = peaks[i];
    if (typeof peak === 'number' && Number.isFinite(peak)) byDay[calendarIndex[i] - first] = peak;
  }
  return { firstIndex: first, peaks: byDay };
}

/**
 * Write `peak_lag1`, `peak_lag7`, `peak_mean_28wd` of a target day (calendar index `day`) at
 * `out[offset..offset+2]`, using only actuals strictly before the day. Returns whether all three
 * are known (`hasRecentDemand`).
 */
export function writeRecentDemand(history: DemandHistory, day: number, out: Float64Array, offset: number): boolean {
  const { firstIndex, peaks } = history;
  // Index of `day` in `peaks`; every read below is bounds-checked (no per-row closure: hot loop).
  const at = day - firstIndex;
  const size = peaks.length;
  let recent = false;
  for (let k = 1; k <= RECENT_DEMAND_WINDOW.recentDays && !recent; k++) {
    const i = at - k;
    recent = i >= 0 && i < size && peaks[i] === peaks[i];
  }
  if (!recent) {
    out[offset] = NaN;
    out[offset + 1] = NaN;
    out[offset + 2] = NaN;
    return false;
  }
  const dayOff = calendarTable().dayOff;
  let sum = 0;
  let count = 0;
  for (let k = 1; k <= RECENT_DEMAND_WINDOW.searchDays && count < RECENT_DEMAND_WINDOW.workingDays; k++) {
    const i = at - k;
    if (i < 0) break;
    if (i >= size) continue;
    const peak = peaks[i];
    if (peak === peak && dayOff[day - k] === 0) {
      sum += peak;
      count++;
    }
  }
  const lag1 = at - 1 >= 0 && at - 1 < size ? peaks[at - 1] : NaN;
  const lag7 = at - 7 >= 0 && at - 7 < size ? peaks[at - 7] : NaN;
  const mean = count >= RECENT_DEMAND_WINDOW.minimumWorkingDays ? sum / count : NaN;
  out[offset] = lag1;
  out[offset + 1] = lag7;
  out[offset + 2] = mean;
  return lag1 === lag1 && lag7 === lag7 && mean === mean;
}
