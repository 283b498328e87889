import { pad2 } from './dates.js';

const JST_OFFSET_MS = 9 * 3_600_000;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Milliseconds since the epoch of an ISO 8601 instant with an explicit offset
 * (`2023-07-31T17:00:00+09:00`, `…T08:00Z`), or null. A time without offset is refused: JMA and
 * TEPCO stamps are JST, a forecaster's clock may not be, and guessing would shift a day.
 */
export function parseInstant(text: string): number | null {
  const match = INSTANT.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, zone] = match;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  const check = new Date(utc);
  if (check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return null;
  if (zone === 'Z') return utc;
  const sign = zone!.startsWith('-') ? -1 : 1;
  const offsetMs = sign * (Number(zone!.slice(1, 3)) * 3_600_000 + Number(zone!.slice(4, 6)) * 60_000);
  return utc - offsetMs;
}

/** The canonical JST form `YYYY-MM-DDTHH:MM:SS+09:00` (what JMA publishes; sorts as text). */
export function jstIso(epochMs: number): string {
  const jst = new Date(epochMs + JST_OFFSET_MS);
  const date = jst.toISOString().slice(0, 10);
  return `${date}T${pad2(jst.getUTCHours())}:${pad2(jst.getUTCMinutes())}:${pad2(jst.getUTCSeconds())}+09:00`;
}

/** JST calendar date `YYYY-MM-DD` of an instant. */
export function jstDate(epochMs: number): string {
  return new Date(epochMs + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/** Hour of the JST day (0..23) of an instant. */
export function jstHour(epochMs: number): number {
  return new Date(epochMs + JST_OFFSET_MS).getUTCHours();
}

/** The instant of a JST wall-clock time on a JST date. */
export function jstInstant(isoDate: string, hour: number, minute = 0): number {
  return Date.parse(`${isoDate}T00:00:00Z`) - JST_OFFSET_MS + (hour * 60 + minute) * 60_000;
}
