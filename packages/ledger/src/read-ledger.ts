import type { LedgerStore } from './ledger-store.js';
import type { LedgerForecast, LedgerRow, LedgerScore } from '@powercast/contracts';
import type { z } from 'zod';
import { LedgerCorruptError } from './errors.js';
import { MONTHS_PREFIX, monthPrefix, monthsBetween, recordKey, type LedgerRecordKind } from './ledger-keys.js';
import { ledgerForecastSchema, ledgerScoreSchema } from './ledger-records.js';

export interface ReadLedgerOptions {
  /** First and last target month (YYYY-MM) to read; default every month in the ledger. */
  fromMonth?: string;
  toMonth?: string;
  /** Reads in flight at once (S3 answers each GET in ~10-50 ms; the local store is not slowed by this). */
  concurrency?: number;
}

const MONTH = /^\d{4}-\d{2}$/;

/** The target months with forecasts, from their markers (one short LIST). */
async function monthsInLedger(store: LedgerStore): Promise<string[]> {
  const months = (await store.list(MONTHS_PREFIX)).map((key) => key.slice(MONTHS_PREFIX.length));
  return months.filter((month) => MONTH.test(month)).sort();
}

async function mapBounded<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function readRecords<T>(
  store: LedgerStore,
  kind: LedgerRecordKind,
  schema: z.ZodType<T>,
  months: readonly string[],
  concurrency: number,
): Promise<T[]> {
  const keys = (await Promise.all(months.map((month) => store.list(monthPrefix(kind, month))))).flat();
  const decoder = new TextDecoder();
  return mapBounded(
    keys.filter((key) => key.endsWith('.json')),
    concurrency,
    async (key) => {
      const uri = store.uriOf(key);
      let value: unknown;
      try {
        value = JSON.parse(decoder.decode(await store.get(key)));
      } catch (error) {
        if (error instanceof SyntaxError) throw new LedgerCorruptError(uri, '(record)', error.message, 'JSON');
        throw error;
      }
      const parsed = schema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new LedgerCorruptError(uri, issue.path.join('.') || '(record)', value, issue.message);
      }
      return parsed.data;
    },
  );
}

/**
 * Every forecast of the ledger joined with its score (score fields null until the actual arrived),
 * sorted by target date, issue time and model version. The months are listed first, so a window
 * reads only its own records.
 */
export async function readLedger(store: LedgerStore, options: ReadLedgerOptions = {}): Promise<LedgerRow[]> {
  const concurrency = options.concurrency ?? 64;
  const inWindow = (month: string): boolean =>
    (options.fromMonth === undefined || month >= options.fromMonth) &&
    (options.toMonth === undefined || month <= options.toMonth);
  const months =
    options.fromMonth !== undefined && options.toMonth !== undefined
      ? monthsBetween(options.fromMonth, options.toMonth)
      : (await monthsInLedger(store)).filter(inWindow);
  const [forecasts, scores] = await Promise.all([
    readRecords(store, 'forecasts', ledgerForecastSchema, months, concurrency),
    readRecords(store, 'scores', ledgerScoreSchema, months, concurrency),
  ]);
  return joinLedger(forecasts, scores);
}

/** Forecasts joined with their scores by key; a score without its forecast is left out. Pure. */
export function joinLedger(forecasts: readonly LedgerForecast[], scores: readonly LedgerScore[]): LedgerRow[] {
  const scoreOf = new Map(scores.map((score) => [recordKey('scores', score), score]));
  const rows = forecasts.map((forecast): LedgerRow => {
    const score = scoreOf.get(recordKey('scores', forecast));
    return {
      ...forecast,
      actual: score?.actual ?? null,
      tepcoForecast: score?.tepcoForecast ?? null,
      error: score === undefined ? null : forecast.point - score.actual,
      scoredAt: score?.scoredAt ?? null,
    };
  });
  return rows.sort(
    (a, b) =>
      a.targetDate.localeCompare(b.targetDate) ||
      Date.parse(a.issuedAt) - Date.parse(b.issuedAt) ||
      a.modelVersion.localeCompare(b.modelVersion),
  );
}

/** Forecasts of target days before `date` (YYYY-MM-DD) that have no score yet. Pure. */
export function unscoredBefore(rows: readonly LedgerRow[], date: string): LedgerRow[] {
  return rows.filter((row) => row.scoredAt === null && row.targetDate < date);
}
