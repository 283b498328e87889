import type { S3Client } from '@aws-sdk/client-s3';
import { DataConflictError, SourceLayoutError } from '../errors.js';
import { readTepcoDailyFile, type TepcoDailyFile } from '../readers/tepco-daily.js';
import { readZipMembers } from '../readers/zip.js';
import { readLimits, type ReadLimits } from '../limits.js';
import { resolveSource } from './load-daily-dataset.js';
import { readAll, type DataSource } from './source.js';

/** One value TEPCO announced for the next day, stamped before 06:00 of that day. */
export interface TepcoDayAheadValue {
  targetDate: string;
  valueManKw: number;
  /** Time band of the peak as published, e.g. '18:00～19:00'. */
  band: string;
  /** The block's update stamp, JST: 'YYYY-MM-DDTHH:MM:00+09:00'. */
  stamp: string;
  /** The daily file (of the day before the target) that carried it: 'zip#member' or the file. */
  file: string;
}

export interface TepcoNightBeforeSeries {
  /** 翌日の予想最大電力: TEPCO's own night-before peak forecast (the baseline), by target date. */
  forecasts: TepcoDayAheadValue[];
  /** 翌日のピーク時供給力: the supply capacity announced for the next day's peak. */
  supply: TepcoDayAheadValue[];
  /** Target dates whose block was updated at or after 06:00 of the target day, so left out. */
  overwritten: { forecasts: string[]; supply: string[] };
}

/**
 * The night-before series from TEPCO daily files: each file of day D carries blocks for D+1
 * whose `M/D H:MM` stamp tells when they were last updated. Only stamps before 06:00 of D+1
 * are genuine day-ahead values (formats.md §1); later ones were overwritten after the fact.
 */
export function tepcoNightBeforeSeries(days: readonly TepcoDailyFile[]): TepcoNightBeforeSeries {
  const forecasts = new Map<string, TepcoDayAheadValue>();
  const supply = new Map<string, TepcoDayAheadValue>();
  const overwritten = { forecasts: new Set<string>(), supply: new Set<string>() };
  for (const day of days) {
    const file = day.origin.member ? `${day.origin.file}#${day.origin.member}` : day.origin.file;
    const forecast = day.nextDayForecast;
    if (forecast) {
      if (forecast.dayAhead && forecast.peakManKw !== null && forecast.updatedAt !== null) {
        keep(
          forecasts,
          day,
          forecast.targetDate,
          forecast.peakManKw,
          forecast.band,
          forecast.updatedAt,
          file,
          '翌日の予想最大電力(万kW)',
        );
      } else overwritten.forecasts.add(forecast.targetDate);
    }
    const capacity = day.nextDaySupply;
    if (capacity) {
      if (capacity.dayAhead && capacity.supplyManKw !== null && capacity.updatedAt !== null) {
        keep(
          supply,
          day,
          capacity.targetDate,
          capacity.supplyManKw,
          capacity.band,
          capacity.updatedAt,
          file,
          '翌日のピーク時供給力(万kW)',
        );
      } else overwritten.supply.add(capacity.targetDate);
    }
  }
  const sorted = (map: Map<string, TepcoDayAheadValue>): TepcoDayAheadValue[] =>
    [...map.values()].sort((a, b) => (a.targetDate < b.targetDate ? -1 : 1));
  const without = (dates: Set<string>, kept: Map<string, TepcoDayAheadValue>): string[] =>
    [...dates].filter((date) => !kept.has(date)).sort();
  return {
    forecasts: sorted(forecasts),
    supply: sorted(supply),
    overwritten: { forecasts: without(overwritten.forecasts, forecasts), supply: without(overwritten.supply, supply) },
  };
}

function keep(
  into: Map<string, TepcoDayAheadValue>,
  day: TepcoDailyFile,
  targetDate: string,
  valueManKw: number,
  band: string,
  updatedAt: string,
  file: string,
  column: string,
): void {
  const value: TepcoDayAheadValue = { targetDate, valueManKw, band, stamp: `${updatedAt}:00+09:00`, file };
  const existing = into.get(targetDate);
  if (existing && (existing.valueManKw !== valueManKw || existing.stamp !== value.stamp)) {
    throw new DataConflictError(
      { ...day.origin, column, value: `${valueManKw} at ${value.stamp}` },
      existing.file,
      `${targetDate}: ${valueManKw} (stamped ${value.stamp}) here but ${existing.valueManKw} (stamped ${existing.stamp}) there`,
    );
  }
  into.set(targetDate, value);
}

const DAILY_CONTAINER = /(^|\/)\d{6,8}_power_usage\.(zip|csv)$/i;

/**
 * Read every TEPCO daily file (monthly ZIPs and loose daily CSVs; live snapshots below a `live/`
 * folder are not archived days and are skipped) under a folder, an `s3://` prefix or a
 * DataSource, and return the night-before series.
 */
export async function loadTepcoNightBefore(options: {
  source: string | DataSource;
  s3Client?: S3Client;
  limits?: Partial<ReadLimits>;
}): Promise<TepcoNightBeforeSeries> {
  const source = resolveSource(options.source, options.s3Client);
  const limits = readLimits(options.limits);
  const paths = (await source.list()).filter((file) => DAILY_CONTAINER.test(file) && !/(^|\/)live\//.test(file));
  if (paths.length === 0) {
    throw new SourceLayoutError(source.uri, 'no TEPCO daily file (YYYYMM_power_usage.zip or YYYYMMDD_power_usage.csv)');
  }
  const contents = await readAll(source, paths, limits.maxFileBytes);
  const days: TepcoDailyFile[] = [];
  paths.forEach((file, i) => {
    if (file.toLowerCase().endsWith('.zip')) {
      for (const member of readZipMembers(contents[i]!, file, limits)) {
        if (member.name.toLowerCase().endsWith('.csv'))
          days.push(readTepcoDailyFile(member.bytes, { file, member: member.name }));
      }
    } else days.push(readTepcoDailyFile(contents[i]!, { file }));
  });
  return tepcoNightBeforeSeries(days);
}
