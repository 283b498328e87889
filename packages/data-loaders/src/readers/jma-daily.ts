import { UnknownHeaderError } from '../errors.js';
import type { DataWarning } from '../warnings.js';
import { at, parseNumberCell, type FileOrigin } from './cells.js';
import { readJmaExport, readRowDates, type JmaColumnGroup, type JmaExport } from './jma-export.js';

/** Daily weather fields this package maps from JMA elements (column names of the daily table). */
export type JmaDailyField =
  | 'max_temp'
  | 'min_temp'
  | 'mean_temp'
  | 'weather_day'
  | 'weather_night'
  | 'precipitation_mm'
  | 'sunshine_hours'
  | 'humidity_mean';

/** Element header → field; 天気概況 are text, the rest numbers. */
export const JMA_DAILY_ELEMENTS: Readonly<Record<string, { field: JmaDailyField; text: boolean }>> = {
  '最高気温(℃)': { field: 'max_temp', text: false },
  '最低気温(℃)': { field: 'min_temp', text: false },
  '平均気温(℃)': { field: 'mean_temp', text: false },
  '天気概況(昼：06時～18時)': { field: 'weather_day', text: true },
  '天気概況(夜：18時～翌日06時)': { field: 'weather_night', text: true },
  '降水量の合計(mm)': { field: 'precipitation_mm', text: false },
  '日照時間(時間)': { field: 'sunshine_hours', text: false },
  '平均湿度(％)': { field: 'humidity_mean', text: false },
};

export type JmaDailyValues = Partial<Record<JmaDailyField, number | string | null>>;

export interface JmaDailyObservation {
  date: string;
  line: number;
  values: JmaDailyValues;
  /** 品質情報 per field as published (8 normal, 5 quasi-normal, ≤ 4 doubtful, 1 missing); null when the export has none. */
  quality: Partial<Record<JmaDailyField, number | null>>;
}

export interface JmaDailyFile {
  origin: FileOrigin;
  downloadedAt: string;
  station: string;
  /** Fields this export provides (others are absent, not null). */
  fields: JmaDailyField[];
  /** Every element header in the export, including those not mapped. */
  elements: string[];
  rows: JmaDailyObservation[];
  warnings: DataWarning[];
}

/** Quality 8 normal, 5 quasi-normal; 4 and below doubtful, 1 missing. */
export const MIN_QUALITY = 5;

/**
 * Read a JMA daily export with any selection of elements. A value whose quality is below 5 or
 * empty becomes null with a warning; a non-numeric value in a numeric element is an error.
 */
export function readJmaDailyFile(
  input: Uint8Array | string,
  origin: FileOrigin,
  expectedStation = '東京',
): JmaDailyFile {
  const exported = readJmaExport(input, origin, expectedStation);
  if (exported.period !== '年月日') {
    throw new UnknownHeaderError(
      at(origin, exported.headerLine),
      `an hourly export (${exported.period}) where a daily one was expected`,
      'a daily export whose first header cell is 年月日',
    );
  }
  return jmaDailyFromExport(exported);
}

export function jmaDailyFromExport(exported: JmaExport): JmaDailyFile {
  const mapped: { group: JmaColumnGroup; field: JmaDailyField; text: boolean; qualityLabel: string }[] = [];
  for (const group of exported.groups) {
    const spec = group.secondary === '' ? JMA_DAILY_ELEMENTS[group.element] : undefined;
    if (spec) mapped.push({ group, ...spec, qualityLabel: `${group.element} 品質情報` });
  }
  const dates = readRowDates(exported);
  const warnings: DataWarning[] = [];
  const rows = exported.rows.map(({ cells, line }, index): JmaDailyObservation => {
    const date = dates[index]!;
    const values: JmaDailyValues = {};
    const qualities: JmaDailyObservation['quality'] = {};
    for (const { group, field, text, qualityLabel } of mapped) {
      const raw = (cells[group.valueColumn] ?? '').trim();
      const quality =
        group.qualityColumn === null
          ? null
          : parseNumberCell(cells[group.qualityColumn], exported.origin, line, qualityLabel, 'a quality number 0..8');
      qualities[field] = quality;
      const hasQualityColumn = group.qualityColumn !== null;
      if ((hasQualityColumn && (quality === null || quality < MIN_QUALITY)) || raw === '') {
        values[field] = null;
        const reason = raw === '' ? 'empty value' : `quality ${quality ?? 'empty'} (below ${MIN_QUALITY})`;
        warnings.push(
          warning(exported.origin, line, field, date, `${group.element} on ${date}: ${reason}; set to null`),
        );
        continue;
      }
      values[field] = text ? raw : parseNumberCell(raw, exported.origin, line, group.element);
    }
    return { date, line, values, quality: qualities };
  });
  return {
    origin: exported.origin,
    downloadedAt: exported.downloadedAt,
    station: exported.station,
    fields: mapped.map((m) => m.field),
    elements: [...new Set(exported.groups.map((group) => group.element))],
    rows,
    warnings,
  };
}

function warning(origin: FileOrigin, line: number, field: string, date: string, message: string): DataWarning {
  const result: DataWarning = { file: origin.file, line, field, date, message };
  if (origin.member !== undefined) result.member = origin.member;
  return result;
}
