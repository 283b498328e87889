const SLASH_DATE = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;

/** 'YYYY/M/D' (padded or not) → 'YYYY-MM-DD', or null when it is not a valid date. */
export function parseSlashDate(text: string): string | null {
  // Rows repeat the same date 24 or 288 times: remember recent answers.
  const known = slashDateCache.get(text);
  if (known !== undefined) return known;
  const parsed = parseSlashDateUncached(text);
  if (slashDateCache.size > 50_000) slashDateCache.clear();
  slashDateCache.set(text, parsed);
  return parsed;
}

const slashDateCache = new Map<string, string | null>();

function parseSlashDateUncached(text: string): string | null {
  const match = SLASH_DATE.exec(text.trim());
  if (!match) return null;
  return isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** A valid calendar date as ISO text, or null (e.g. 2023-02-30). */
export function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const time = Date.UTC(year, month - 1, day);
  const check = new Date(time);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

const DAY_MS = 86_400_000;

export function addDays(isoDay: string, days: number): string {
  const time = Date.parse(`${isoDay}T00:00:00Z`) + days * DAY_MS;
  return new Date(time).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Every date from `from` to `to`, inclusive. */
export function dateRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) out.push(day);
  return out;
}

/** Dates between the first and last of `dates` (sorted, unique) that are absent. */
export function missingDates(sortedDates: readonly string[]): string[] {
  const missing: string[] = [];
  for (let i = 1; i < sortedDates.length; i++) {
    const gap = daysBetween(sortedDates[i - 1]!, sortedDates[i]!);
    for (let d = 1; d < gap; d++) missing.push(addDays(sortedDates[i - 1]!, d));
  }
  return missing;
}

const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/** 'H:MM', 'HH:MM' or 'H:MM:SS' → minutes after midnight, or null. */
export function parseClockMinutes(text: string): number | null {
  const known = clockCache.get(text);
  if (known !== undefined) return known;
  const parsed = parseClockUncached(text);
  if (clockCache.size > 10_000) clockCache.clear();
  clockCache.set(text, parsed);
  return parsed;
}

const clockCache = new Map<string, number | null>();

function parseClockUncached(text: string): number | null {
  const match = CLOCK.exec(text.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 24 || minutes > 59) return null;
  return hours * 60 + minutes;
}
