import type { LedgerKey } from '@powercast/contracts';

/** Everything the ledger writes lives under this prefix of the store. */
export const LEDGER_PREFIX = 'ledger';

export type LedgerRecordKind = 'forecasts' | 'scores';

/**
 * `ledger/<kind>/<YYYY-MM>/<target date>/<issue instant>_v<version>.json`: one object per key, so
 * a create-only write decides between two writers; partitioned by the target's month, so a
 * reader of a window lists only the months it needs. The instant is its UTC milliseconds, so
 * one instant written with two offsets is one key.
 */
export function recordKey(kind: LedgerRecordKind, key: LedgerKey): string {
  const stamp = new Date(Date.parse(key.issuedAt)).toISOString().replace(/[-:]/g, '').replace('.000Z', 'Z');
  return `${monthPrefix(kind, key.targetDate.slice(0, 7))}${key.targetDate}/${stamp}_v${key.modelVersion}.json`;
}

/**
 * `ledger/months/<YYYY-MM>`: a marker object per target month with records, created before the
 * month's first record, so a reader lists a handful of months instead of every record key.
 */
export const MONTHS_PREFIX = `${LEDGER_PREFIX}/months/`;

/** The prefix of one month's records of a kind (`month` YYYY-MM). */
export function monthPrefix(kind: LedgerRecordKind, month: string): string {
  return `${LEDGER_PREFIX}/${kind}/${month}/`;
}

/** The months YYYY-MM from `from` to `to`, inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const label = `${year}-${String(month).padStart(2, '0')}`;
    if (label > to) return months;
    months.push(label);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
}
