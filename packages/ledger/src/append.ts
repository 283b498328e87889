import type { LedgerStore } from './ledger-store.js';
import type { LedgerForecast, LedgerScore } from '@powercast/contracts';
import type { z } from 'zod';
import { InvalidLedgerRecordError, UnknownForecastError } from './errors.js';
import { MONTHS_PREFIX, recordKey } from './ledger-keys.js';
import { ledgerForecastSchema, ledgerScoreSchema } from './ledger-records.js';

/** What an append did: `written` false when the key was in the ledger already (the first record stays). */
export interface AppendResult {
  key: string;
  written: boolean;
}

/** The first field zod refused, as the ledger's error names it. */
function checked<T>(schema: z.ZodType<T>, record: 'forecast' | 'score', value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || '(record)';
  const given = issue.path.reduce<unknown>(
    (at, part) => (at !== null && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[part] : undefined),
    value,
  );
  throw new InvalidLedgerRecordError(record, field, given, issue.message);
}

/**
 * Writes a forecast once per (target date, issue time, model version): a create-only object, so of
 * two concurrent writers exactly one record lands, and a killed writer leaves none (store writes are atomic).
 */
export async function appendForecast(store: LedgerStore, forecast: LedgerForecast): Promise<AppendResult> {
  const record = checked(ledgerForecastSchema, 'forecast', forecast);
  const key = recordKey('forecasts', record);
  // Marker first: killed between the two, the ledger has a month with no record, which reads as empty.
  await store.putIfAbsent(`${MONTHS_PREFIX}${record.targetDate.slice(0, 7)}`, `${record.targetDate.slice(0, 7)}\n`);
  return { key, written: await store.putIfAbsent(key, `${JSON.stringify(record)}\n`) };
}

/** Writes the score of a forecast already in the ledger, once; later scores of the same key are dropped. */
export async function appendScore(store: LedgerStore, score: LedgerScore): Promise<AppendResult> {
  const record = checked(ledgerScoreSchema, 'score', score);
  const forecastKey = recordKey('forecasts', record);
  if (!(await store.exists(forecastKey))) throw new UnknownForecastError(store.uriOf(forecastKey));
  const key = recordKey('scores', record);
  return { key, written: await store.putIfAbsent(key, `${JSON.stringify(record)}\n`) };
}
