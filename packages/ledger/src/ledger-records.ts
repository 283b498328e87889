import type { LedgerForecast, LedgerKey, LedgerScore } from '@powercast/contracts';
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
/** An instant with its offset, to the second at most: the issue slots are minutes (18:00 JST). */
const instant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})$/, 'an ISO 8601 time with offset')
  .refine((value) => !Number.isNaN(Date.parse(value)), 'a real instant');
const version = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, '1-64 characters of A-Z a-z 0-9 . _ -');
const manKw = z.number().finite().positive();
const quantile = manKw.nullable();

const keySchema = { targetDate: isoDate, issuedAt: instant, modelVersion: version };

export const ledgerForecastSchema = z.strictObject({
  ...keySchema,
  lead: z.number().int().min(1).max(31),
  point: manKw,
  p10: quantile,
  p50: quantile,
  p90: quantile,
  variant: z.string().min(1).max(200),
  weatherIssue: instant.nullable(),
  qualityFlags: z.array(z.string().min(1).max(80)),
}) satisfies z.ZodType<LedgerForecast>;

export const ledgerScoreSchema = z.strictObject({
  ...keySchema,
  actual: manKw,
  tepcoForecast: manKw.nullable(),
  scoredAt: instant,
}) satisfies z.ZodType<LedgerScore>;

/** The key fields of any record, in the order the ledger sorts by. */
export function keyOf(record: LedgerKey): LedgerKey {
  return { targetDate: record.targetDate, issuedAt: record.issuedAt, modelVersion: record.modelVersion };
}
