import { isoDateFromDayNumber, parseIsoDate } from './dates.js';
import { FeatureInputError } from './errors.js';

const DAY_MINUTES = 1440;
const JST_OFFSET_MINUTES = 9 * 60;
const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A moment on the JST clock every source is stamped with, as minutes since 1970-01-01 00:00
 * JST: a day number × 1440 + minutes after midnight compares with it directly.
 */
export interface JstMoment {
  /** Canonical `YYYY-MM-DDTHH:MM:SS+09:00`. */
  iso: string;
  /** Minutes since 1970-01-01 00:00 JST (fractional when the time has seconds). */
  minutes: number;
  /** Day number of the JST calendar date. */
  day: number;
}

/** Parse an ISO 8601 instant with an explicit offset (a time without one would be a guess). */
export function parseJstMoment(text: unknown, field = 'issuedAt'): JstMoment {
  const match = typeof text === 'string' ? INSTANT.exec(text) : null;
  const date = match ? parseIsoDate(match[1]!) : undefined;
  const hours = Number(match?.[2]);
  const minutes = Number(match?.[3]);
  const seconds = Number(match?.[4] ?? 0);
  if (!match || date === undefined || hours > 23 || minutes > 59 || seconds > 59) {
    throw new FeatureInputError(field, undefined, text, 'an ISO 8601 time with offset, e.g. 2023-07-31T18:00:00+09:00');
  }
  const zone = match[5]!;
  const offset =
    zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4)));
  const exact = date * DAY_MINUTES + hours * 60 + minutes + seconds / 60 - offset + JST_OFFSET_MINUTES;
  const day = Math.floor(exact / DAY_MINUTES);
  const inDay = exact - day * DAY_MINUTES;
  const two = (n: number): string => String(n).padStart(2, '0');
  return {
    iso: `${isoDateFromDayNumber(day)}T${two(Math.floor(inDay / 60))}:${two(Math.floor(inDay % 60))}:${two(seconds)}+09:00`,
    minutes: exact,
    day,
  };
}

/** The default issue time for a target day: 18:00 JST the day before (or another `HH:MM`). */
export function defaultIssuedAt(target: string, time = '18:00'): string {
  const day = parseIsoDate(target);
  if (day === undefined) throw new FeatureInputError('target', undefined, target, 'a real calendar date as YYYY-MM-DD');
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) {
    throw new FeatureInputError('time', undefined, time, 'a JST clock time HH:MM');
  }
  return `${isoDateFromDayNumber(day - 1)}T${time}:00+09:00`;
}

/** Minutes since 1970-01-01 00:00 JST at which a JST day starts. */
export const dayStart = (day: number): number => day * DAY_MINUTES;
