import { addDays, isoDate } from '../readers/dates.js';

export type FetchKind = 'tepco-monthly' | 'tepco-yearly' | 'jma-daily' | 'holidays';
/** Files that change during the day (not planned by period): JMA's live forecast and TEPCO's running day. */
export type LiveFetchKind = 'jma-forecast' | 'tepco-live';

/** One file to download: where it goes and which period it covers (for the completeness check). */
export interface PlannedDownload {
  kind: FetchKind;
  /** Path below the target directory, in the layout loadDailyDataset expects. */
  path: string;
  periodStart: string;
  periodEnd: string;
}

/** First periods the publishers offer. */
export const FIRST_MONTHLY_ZIP = '2022-04-01';
export const FIRST_YEARLY_FILE = '2016-04-01';

/** 'YYYY-MM' or 'YYYY-MM-DD' → the first (or last) day it denotes. */
export function parsePeriodBound(text: string, end: boolean): string | null {
  const month = /^(\d{4})-(\d{2})$/.exec(text);
  if (month) {
    const first = isoDate(Number(month[1]), Number(month[2]), 1);
    if (!first) return null;
    return end
      ? addDays(
          isoDate(Number(month[2]) === 12 ? Number(month[1]) + 1 : Number(month[1]), (Number(month[2]) % 12) + 1, 1)!,
          -1,
        )
      : first;
  }
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return day ? isoDate(Number(day[1]), Number(day[2]), Number(day[3])) : null;
}

const max = (a: string, b: string): string => (a > b ? a : b);
const min = (a: string, b: string): string => (a < b ? a : b);

/**
 * Files covering [from, to] (ISO dates), clipped to what exists: nothing after yesterday (JST
 * is ignored: a day's files appear the next morning anyway), monthly ZIPs from 2022-04, yearly files
 * from 2016. JMA daily exports are requested one calendar year at a time to stay far below obsdl's
 * per-request volume limit.
 */
export function planDownloads(from: string, to: string, today: string, kinds: readonly FetchKind[]): PlannedDownload[] {
  const last = min(to, addDays(today, -1));
  const plan: PlannedDownload[] = [];
  if (kinds.includes('tepco-monthly')) {
    for (let month = max(from, FIRST_MONTHLY_ZIP).slice(0, 7); `${month}-01` <= last; month = nextMonth(month)) {
      const yyyymm = month.replace('-', '');
      plan.push({
        kind: 'tepco-monthly',
        path: `tepco/monthly/${yyyymm}_power_usage.zip`,
        periodStart: `${month}-01`,
        periodEnd: parsePeriodBound(month, true)!,
      });
    }
  }
  if (kinds.includes('tepco-yearly')) {
    for (let year = Number(max(from, FIRST_YEARLY_FILE).slice(0, 4)); year <= Number(last.slice(0, 4)); year++) {
      plan.push({
        kind: 'tepco-yearly',
        path: `tepco/yearly/juyo-${year}.csv`,
        periodStart: `${year}-01-01`,
        periodEnd: `${year}-12-31`,
      });
    }
  }
  if (kinds.includes('jma-daily')) {
    for (let year = Number(from.slice(0, 4)); year <= Number(last.slice(0, 4)); year++) {
      const start = max(from, `${year}-01-01`);
      const end = min(last, `${year}-12-31`);
      if (start > end) continue;
      plan.push({
        kind: 'jma-daily',
        path: `jma/daily/tokyo-${start.replaceAll('-', '')}-${end.replaceAll('-', '')}.csv`,
        periodStart: start,
        periodEnd: end,
      });
    }
  }
  if (kinds.includes('holidays')) {
    // One list, revised each February: only a copy written today counts as current.
    plan.push({
      kind: 'holidays',
      path: 'holidays/syukujitsu.csv',
      periodStart: '1955-01-01',
      periodEnd: addDays(today, -1),
    });
  }
  return plan;
}

function nextMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}
