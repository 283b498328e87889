/**
 * Hand-written generators for small source files in the published layouts (never cut from
 * real files). Values are synthetic but shaped like the real ones.
 */
import { addDays } from '../readers/dates.js';

const CRLF = '\r\n';

function slash(isoDay: string, padded = false): string {
  const [y, m, d] = isoDay.split('-');
  return padded ? `${y}/${m}/${d}` : `${y}/${Number(m)}/${Number(d)}`;
}

/** A smooth synthetic demand curve (万kW) peaking mid-afternoon. */
export function syntheticHourly(base = 3000): number[] {
  return Array.from({ length: 24 }, (_, hour) => Math.round(base + 600 * Math.sin(((hour - 6) / 24) * 2 * Math.PI)));
}

export function syntheticFiveMinute(hourly: readonly number[]): number[] {
  return Array.from({ length: 288 }, (_, i) => hourly[Math.floor(i / 12)]! + (i % 12) - 3);
}

export interface TepcoDailyOptions {
  hourly?: number[];
  fiveMinute?: number[];
  /** Rows of the hourly table to keep (to build 23/25-row files); default all 24. */
  hourlyRows?: string[];
  omitFiveMinute?: boolean;
  sameDayForecastManKw?: number;
  nextDayStamp?: { monthDay: string; time: string };
  /** Clock time of the first-line UPDATE stamp (default 23:55, an archived day). */
  stampTime?: string;
  /** Adds the 翌日のピーク時供給力 block (same stamp as the next-day forecast). */
  nextDaySupplyManKw?: number;
  extraSection?: string;
}

export function tepcoDailyText(date: string, options: TepcoDailyOptions = {}): string {
  const hourly = options.hourly ?? syntheticHourly();
  const fiveMinute = options.fiveMinute ?? syntheticFiveMinute(hourly);
  const d = slash(date);
  const md = `${Number(date.slice(5, 7))}/${Number(date.slice(8, 10))}`;
  const next = addDays(date, 1);
  const nextStamp = options.nextDayStamp ?? {
    monthDay: `${Number(next.slice(5, 7))}/${Number(next.slice(8, 10))}`,
    time: '0:50',
  };
  const hourlyRows =
    options.hourlyRows ?? hourly.map((value, hour) => `${d},${hour}:00,${value},${value - 20},80,${value + 600}`);
  const sections = [
    `${d} ${options.stampTime ?? '23:55'} UPDATE`,
    '',
    'ピーク時供給力(万kW),時間帯,供給力情報更新日,供給力情報更新時刻,ピーク時予備率(%),ピーク時使用率(%)',
    `4500,14:00～15:00,${md},23:20,15,86`,
    '',
    '予想最大電力(万kW),時間帯,予想最大電力情報更新日,予想最大電力情報更新時刻',
    `${options.sameDayForecastManKw ?? 3650},14:00～15:00,${md},8:30`,
    '',
    'DATE,TIME,当日実績(万kW),予測値(万kW),使用率(%),供給力(万kW)',
    ...hourlyRows,
    '',
    '最大使用率(%),時間帯',
    '86,14:00～15:00',
  ];
  if (options.nextDaySupplyManKw !== undefined) {
    sections.push(
      '',
      '翌日のピーク時供給力(万kW),時間帯,供給力情報更新日,供給力情報更新時刻,ピーク時予備率(%),ピーク時使用率(%)',
      `${options.nextDaySupplyManKw},18:00～19:00,${nextStamp.monthDay},${nextStamp.time},12,89`,
    );
  }
  sections.push(
    '',
    '翌日の予想最大電力(万kW),時間帯,予想最大電力情報更新日,予想最大電力情報更新時刻',
    `3500,18:00～19:00,${nextStamp.monthDay},${nextStamp.time}`,
  );
  if (options.extraSection) sections.push('', options.extraSection, '1,2');
  if (!options.omitFiveMinute) {
    sections.push(
      '',
      'DATE,TIME,当日実績(５分間隔値)(万kW),太陽光発電実績(５分間隔値)(万kW),太陽光発電量(電力使用量に対する割合)(%)',
      ...fiveMinute.map(
        (value, i) => `${d},${Math.floor(i / 12)}:${String((i % 12) * 5).padStart(2, '0')},${value},0,0`,
      ),
    );
  }
  return sections.join(CRLF) + CRLF;
}

export function tepcoYearlyText(
  days: { date: string; hourly: number[] }[],
  variant: '実績(万kW)' | 'KW' = '実績(万kW)',
): string {
  const padded = variant === 'KW';
  const lines = [
    padded ? '2025/7/22 5:40 UPDATE,,' : '2024/1/1 18:10 UPDATE',
    padded ? ',,' : '',
    `DATE,TIME,${variant}`,
  ];
  for (const { date, hourly } of days) {
    hourly.forEach((value, hour) =>
      lines.push(`${slash(date, padded)},${padded ? String(hour).padStart(2, '0') : hour}:00,${value}`),
    );
  }
  return lines.join(CRLF) + CRLF;
}

export interface JmaDailyRowSpec {
  date: string;
  maxTemp: string;
  maxQuality?: string;
  minTemp: string;
  weather: string;
  meanTemp?: string;
}

/** A JMA daily export with 最高気温, 最低気温, 天気概況(昼) and 平均気温 (value, 品質情報, 均質番号 each). */
export function jmaDailyText(
  rows: JmaDailyRowSpec[],
  options: { downloadedAt?: string; station?: string } = {},
): string {
  const station = options.station ?? '東京';
  const elements = ['最高気温(℃)', '最低気温(℃)', '天気概況(昼：06時～18時)', '平均気温(℃)'];
  const header = ['年月日', ...elements.flatMap((element) => [element, element, element])];
  return (
    [
      `ダウンロードした時刻：${options.downloadedAt ?? '2024/05/05 19:50:15'}`,
      '',
      ',' +
        header
          .slice(1)
          .map(() => station)
          .join(','),
      header.join(','),
      ','.repeat(header.length - 1),
      ['', ...elements.flatMap(() => ['', '品質情報', '均質番号'])].join(','),
      ...rows.map((row) =>
        [
          slash(row.date),
          row.maxTemp,
          row.maxQuality ?? '8',
          '1',
          row.minTemp,
          '8',
          '1',
          row.weather,
          '8',
          '1',
          row.meanTemp ?? '10.0',
          '8',
          '1',
        ].join(','),
      ),
    ].join(CRLF) + CRLF
  );
}

/** A JMA hourly temperature export; `readings` are [stamp 'YYYY/M/D H:00:00', value, quality]. */
export function jmaHourlyText(readings: [string, string, string][], options: { downloadedAt?: string } = {}): string {
  return (
    [
      `ダウンロードした時刻：${options.downloadedAt ?? '2024/01/02 17:36:07'}`,
      '',
      ',東京,東京,東京',
      '年月日時,気温(℃),気温(℃),気温(℃)',
      ',,品質情報,均質番号',
      ...readings.map(([stamp, value, quality]) => `${stamp},${value},${quality},1`),
    ].join(CRLF) + CRLF
  );
}

/** 24 readings for JMA day `date` (1:00 … 24:00 written as D+1 0:00:00). */
export function jmaHourlyDay(date: string, temps: (number | null)[]): [string, string, string][] {
  return temps.map((temp, index) => {
    const hour = index + 1;
    const stamp = hour === 24 ? `${slash(addDays(date, 1))} 0:00:00` : `${slash(date)} ${hour}:00:00`;
    return [stamp, temp === null ? '' : temp.toFixed(1), temp === null ? '1' : '8'];
  });
}

/** A day still running: hours from `hours` on and 5-minute intervals from `fiveMinutes` on are not measured yet. */
export function tepcoRunningDayText(
  date: string,
  options: { hours: number; fiveMinutes: number; unmeasured?: '0' | ''; stampTime?: string; base?: number },
): string {
  const hourly = syntheticHourly(options.base ?? 3300);
  const fiveMinute = syntheticFiveMinute(hourly);
  const unmeasured = options.unmeasured ?? '0';
  const d = slash(date);
  return tepcoDailyText(date, {
    stampTime: options.stampTime ?? '17:55',
    hourlyRows: hourly.map((value, hour) =>
      hour < options.hours
        ? `${d},${hour}:00,${value},${value - 20},80,${value + 600}`
        : `${d},${hour}:00,${unmeasured},${value - 20},${unmeasured},${value + 600}`,
    ),
    fiveMinute: fiveMinute.map((value, i) => (i < options.fiveMinutes ? value : 0)),
  });
}
