import type { DataSource } from './source.js';

/** Inclusive ISO dates. */
export interface DateWindow {
  from: string;
  to: string;
}

const lastDayOf = (year: number, month: number): string =>
  new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);

/**
 * The days a data file holds, told by its published name; null when the name does not say
 * (weather_data.csv, syukujitsu.csv, weatherCode.csv, README…), and such a file is always read.
 * A JMA forecast month starts with the last issues of the month before and forecasts a week past
 * its end, so its span reaches one month either side.
 */
export function datesNamedBy(path: string): DateWindow | null {
  const name = path.slice(path.lastIndexOf('/') + 1);
  let match = /^(?:juyo|temperature)-(\d{4})\.csv$/i.exec(name);
  if (match) {
    const year = Number(match[1]);
    // JMA's hourly year ends with the 24:00 reading of 12-31, stamped 01-01 00:00 of the next.
    return { from: `${year}-01-01`, to: name.startsWith('temperature') ? `${year + 1}-01-01` : `${year}-12-31` };
  }
  match = /^forecast_(\d{4})(\d{2})_\d{6}\.csv$/i.exec(name);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    return { from: `${lastDayOf(year, month - 1).slice(0, 8)}01`, to: lastDayOf(year, month + 1) };
  }
  match = /^(\d{4})(\d{2})_power_usage\.zip$/i.exec(name);
  if (match) return { from: `${match[1]}-${match[2]}-01`, to: lastDayOf(Number(match[1]), Number(match[2])) };
  match = /^(\d{4})(\d{2})(\d{2})_power_usage\.csv$/i.exec(name);
  if (match) {
    const day = `${match[1]}-${match[2]}-${match[3]}`;
    return { from: day, to: day };
  }
  match = /^data(\d{4})(\d{2})(\d{2})-(\d{4})(\d{2})(\d{2})\.csv$/i.exec(name);
  if (match) return { from: `${match[1]}-${match[2]}-${match[3]}`, to: `${match[4]}-${match[5]}-${match[6]}` };
  return null;
}

/**
 * The files of `source` that may hold a day of `window`: those whose name dates them inside it,
 * and every file whose name does not date it. Reading a week's inputs then costs two months of
 * files, not ten years of them.
 */
export function windowedSource(source: DataSource, window: DateWindow): DataSource {
  return {
    uri: source.uri,
    list: async () =>
      (await source.list()).filter((path) => {
        const dates = datesNamedBy(path);
        return dates === null || (dates.from <= window.to && dates.to >= window.from);
      }),
    read: (path, maxBytes) => source.read(path, maxBytes),
  };
}
