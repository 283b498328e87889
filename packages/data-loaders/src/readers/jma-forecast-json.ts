import { z } from 'zod';
import { TableShapeError, UnknownFormatError, type FileLocation } from '../errors.js';
import type { FileOrigin } from './cells.js';
import type { JmaForecastReadOptions } from './jma-forecast-archive.js';
import {
  ForecastIssueAssembler,
  JMA_TOKYO_FORECAST_AREA,
  JMA_TOKYO_FORECAST_POINT,
  type ForecastIssueRow,
  type ForecastSeries,
  type RawForecastField,
} from './jma-forecast-issues.js';
import { toText } from './text.js';

const EXPECTED =
  'a JMA forecast JSON (https://www.jma.go.jp/bosai/forecast/data/forecast/130000.json): an array of reports ' +
  '{publishingOffice, reportDatetime, timeSeries: [{timeDefines, areas: [{area: {name, code}, …}]}]}';

const areaEntrySchema = z.looseObject({ area: z.looseObject({ name: z.string(), code: z.string() }) });
const reportSchema = z.looseObject({
  publishingOffice: z.string(),
  reportDatetime: z.string(),
  timeSeries: z.array(z.looseObject({ timeDefines: z.array(z.string()), areas: z.array(areaEntrySchema) })),
});
const forecastJsonSchema = z.array(reportSchema).min(1);

/** JSON array name → the archive's singular column name. */
const JSON_FIELDS: Record<string, RawForecastField> = {
  weatherCodes: 'weatherCode',
  weathers: 'weather',
  pops: 'pop',
  temps: 'temp',
  tempsMin: 'tempMin',
  tempsMax: 'tempMax',
  tempsMinUpper: 'tempMinUpper',
  tempsMaxUpper: 'tempMaxUpper',
  tempsMinLower: 'tempMinLower',
  tempsMaxLower: 'tempMaxLower',
  reliabilities: 'reliability',
};
const SINGULAR_TO_JSON = Object.fromEntries(Object.entries(JSON_FIELDS).map(([plural, one]) => [one, plural]));

/** Which series an area entry holds, from the arrays it carries (the same rule as the archive's columns). */
function seriesOf(entry: Record<string, unknown>): ForecastSeries | undefined {
  if ('weathers' in entry || 'winds' in entry) return 'short-range-weather';
  if ('temps' in entry) return 'short-range-temps';
  if ('tempsMin' in entry || 'tempsMax' in entry) return 'weekly-temps';
  if ('weatherCodes' in entry || 'reliabilities' in entry) return 'weekly';
  if ('pops' in entry) return 'short-range-pops';
  return undefined;
}

/** Does this text look like a JMA forecast JSON (an array of reports with `reportDatetime`)? */
export function isJmaForecastJsonText(text: string): boolean {
  const head = text.trimStart().slice(0, 400);
  return head.startsWith('[') && head.includes('"reportDatetime"');
}

/**
 * Read a live JMA forecast `130000.json` (the short-range report [0] and the weekly report [1];
 * each keeps its own `reportDatetime`) into forecast-issue rows for one area and point.
 * Entries of other areas are skipped; every array must be as long as its `timeDefines`.
 */
export function readJmaForecastJson(
  input: Uint8Array | string,
  origin: FileOrigin,
  options: JmaForecastReadOptions = {},
  into: ForecastIssueAssembler = new ForecastIssueAssembler(),
): ForecastIssueRow[] {
  addJmaForecastJson(input, origin, into, options);
  return into.rows();
}

/** Add the JSON's values to an assembler (to merge many files into one table). */
export function addJmaForecastJson(
  input: Uint8Array | string,
  origin: FileOrigin,
  into: ForecastIssueAssembler,
  options: JmaForecastReadOptions = {},
): void {
  const area = options.area ?? JMA_TOKYO_FORECAST_AREA;
  const point = options.point ?? JMA_TOKYO_FORECAST_POINT;
  const text = toText(input);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UnknownFormatError(
      { ...locationOf(origin), value: text.slice(0, 60) },
      `not JSON (${error instanceof Error ? error.message : String(error)})`,
      EXPECTED,
    );
  }
  const parsed = forecastJsonSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UnknownFormatError(
      { ...locationOf(origin), column: jsonPath(issue.path) },
      `not a JMA forecast (${issue.message})`,
      EXPECTED,
    );
  }
  parsed.data.forEach((report, r) => {
    report.timeSeries.forEach((series, s) => {
      series.areas.forEach((entry, a) => {
        const kind = seriesOf(entry);
        if (kind === undefined) return;
        const wanted = kind === 'short-range-temps' || kind === 'weekly-temps' ? point : area;
        if (entry.area.code !== wanted) return;
        const base = `[${r}].timeSeries[${s}].areas[${a}]`;
        const arrays = readArrays(entry, series.timeDefines.length, origin, base);
        series.timeDefines.forEach((timeDefine, t) => {
          into.add(
            kind,
            report.reportDatetime,
            timeDefine,
            (field) => arrays[field]?.[t],
            (field) =>
              field === 'reportDatetime'
                ? { ...locationOf(origin), column: `[${r}].reportDatetime` }
                : field === 'timeDefine'
                  ? { ...locationOf(origin), column: `[${r}].timeSeries[${s}].timeDefines[${t}]` }
                  : { ...locationOf(origin), column: `${base}.${SINGULAR_TO_JSON[field]}[${t}]` },
          );
        });
      });
    });
  });
}

/** The value arrays of an area entry, each checked to be strings and as long as `timeDefines`. */
function readArrays(
  entry: Record<string, unknown>,
  length: number,
  origin: FileOrigin,
  base: string,
): Partial<Record<RawForecastField, string[]>> {
  const arrays: Partial<Record<RawForecastField, string[]>> = {};
  for (const [plural, field] of Object.entries(JSON_FIELDS)) {
    const value = entry[plural];
    if (value === undefined) continue;
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
      throw new UnknownFormatError(
        { ...locationOf(origin), column: `${base}.${plural}`, value: JSON.stringify(value).slice(0, 80) },
        'not an array of strings',
        EXPECTED,
      );
    }
    if (value.length !== length) {
      throw new TableShapeError(
        { ...locationOf(origin), column: `${base}.${plural}` },
        `${value.length} values for ${length} timeDefines`,
        'one value per timeDefine',
      );
    }
    arrays[field] = value as string[];
  }
  return arrays;
}

function locationOf(origin: FileOrigin): FileLocation {
  return origin.member === undefined ? { file: origin.file } : { file: origin.file, member: origin.member };
}

function jsonPath(path: readonly PropertyKey[]): string {
  return path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('') || '(root)';
}
