import { TableShapeError, UnknownHeaderError, InvalidValueError } from '../errors.js';
import { at, parseNumberCell, type FileOrigin } from './cells.js';
import { addDays, isoDate, pad2, parseClockMinutes, parseSlashDate } from './dates.js';
import { toText, isBlankLine, splitCsvLine, splitLines, trimTrailingEmpty } from './text.js';

export interface TepcoHourlyRow {
  date: string;
  /** Hour the interval starts (0..23); the value is that hour's mean demand. */
  hour: number;
  demandManKw: number | null;
  forecastManKw: number | null;
  usagePercent: number | null;
  supplyManKw: number | null;
  /** Line of the row in the file (quality findings name it). */
  line: number;
}

export interface TepcoFiveMinuteRow {
  date: string;
  /** Minutes after midnight at which the 5-minute interval starts (0..1435). */
  minute: number;
  demandManKw: number | null;
  solarManKw: number | null;
  solarSharePercent: number | null;
  /** Line of the row in the file (quality findings name it). */
  line: number;
}

export interface TepcoForecastPeak {
  peakManKw: number | null;
  /** Time band as published, e.g. '13:00～14:00'. */
  band: string;
  /** Update stamp 'YYYY-MM-DDTHH:MM' (the file gives M/D only; the year is inferred). */
  updatedAt: string | null;
}

export interface TepcoNextDayForecast extends TepcoForecastPeak {
  targetDate: string;
  /** True only when the update stamp is before 06:00 of the target day (a genuine day-ahead forecast). */
  dayAhead: boolean;
}

/** TEPCO's announced supply capacity at the next day's peak (翌日のピーク時供給力). */
export interface TepcoNextDaySupply {
  targetDate: string;
  supplyManKw: number | null;
  /** Time band as published, e.g. '13:00～14:00'. */
  band: string;
  /** Update stamp 'YYYY-MM-DDTHH:MM' (M/D in the file; the year is inferred). */
  updatedAt: string | null;
  /** True only when the update stamp is before 06:00 of the target day (announced the night before). */
  dayAhead: boolean;
  reservePercent: number | null;
  usagePercent: number | null;
}

export interface TepcoDaySummary {
  date: string;
  /** Max of the 24 hourly actuals (万kW); null when the day is incomplete. */
  peak_hourly: number | null;
  /** Max of the 288 five-minute actuals (万kW); null when the day is incomplete. */
  peak_5min: number | null;
  /** Hour (0..23) in which the hourly peak occurred. */
  peak_hour: number | null;
  /** TEPCO's same-day forecast peak (万kW). */
  tepco_forecast_peak: number | null;
}

export interface TepcoDailyFile {
  origin: FileOrigin;
  date: string;
  /** First line stamp 'YYYY-MM-DDTHH:MM'. */
  updatedAt: string;
  hourly: TepcoHourlyRow[];
  fiveMinute: TepcoFiveMinuteRow[];
  sameDayForecast: TepcoForecastPeak | null;
  nextDayForecast: TepcoNextDayForecast | null;
  nextDaySupply: TepcoNextDaySupply | null;
  summary: TepcoDaySummary;
  /** Intervals not yet measured (a day still running): counted, not guessed. */
  unmeasuredHours: number;
  unmeasuredFiveMinutes: number;
}

const HOURLY_ACTUAL = '当日実績(万kW)';
const FIVE_MINUTE_ACTUAL = '当日実績(５分間隔値)(万kW)';
const SAME_DAY_FORECAST = '予想最大電力(万kW)';
const NEXT_DAY_FORECAST = '翌日の予想最大電力(万kW)';
const NEXT_DAY_SUPPLY = '翌日のピーク時供給力(万kW)';
/** Headline blocks read past without use (supply and usage-rate figures). */
const OTHER_BLOCKS = new Set([
  'ピーク時供給力(万kW)',
  '使用率ピーク時供給力(万kW)',
  '使用率ピーク時予想電力(万kW)',
  '最大使用率(%)',
  '翌日の使用率ピーク時供給力(万kW)',
  '翌日の使用率ピーク時予想電力(万kW)',
]);
const KNOWN_HEADERS = [
  SAME_DAY_FORECAST,
  NEXT_DAY_FORECAST,
  NEXT_DAY_SUPPLY,
  ...OTHER_BLOCKS,
  `DATE,TIME,${HOURLY_ACTUAL},...`,
  `DATE,TIME,${FIVE_MINUTE_ACTUAL},...`,
];
const STAMP = /^(\d{4}\/\d{1,2}\/\d{1,2}) (\d{1,2}:\d{2}) UPDATE$/;

interface Block {
  header: string[];
  headerLine: number;
  rows: { cells: string[]; line: number }[];
}

/** Does this text look like a TEPCO daily file (stamp line, then multi-section blocks)? */
export function isTepcoDailyText(text: string): boolean {
  return (
    text.includes(HOURLY_ACTUAL) &&
    text.includes(FIVE_MINUTE_ACTUAL.slice(0, 6)) &&
    /^\d{4}\/\d{1,2}\/\d{1,2} \d{1,2}:\d{2} UPDATE/.test(text)
  );
}

/** Read one TEPCO daily file `YYYYMMDD_power_usage.csv` (bytes in CP932 or UTF-8, or decoded text). */
export function readTepcoDailyFile(input: Uint8Array | string, origin: FileOrigin): TepcoDailyFile {
  const text = toText(input);
  const lines = splitLines(text);
  const stampCells = trimTrailingEmpty(splitCsvLine(lines[0] ?? ''));
  const stamp = STAMP.exec(stampCells.join(',').trim());
  const stampDate = stamp ? parseSlashDate(stamp[1]!) : null;
  if (!stamp || !stampDate) {
    throw new UnknownHeaderError(
      { ...at(origin, 1), value: lines[0] ?? '' },
      'first line is not an update stamp',
      'a first line like "2022/4/1 23:55 UPDATE"',
    );
  }
  const updatedAt = `${stampDate}T${clock(stamp[2]!)}`;

  const blocks = splitBlocks(lines);
  let hourlyBlock: Block | undefined;
  let fiveMinuteBlock: Block | undefined;
  let sameDayBlock: Block | undefined;
  let nextDayBlock: Block | undefined;
  let nextDaySupplyBlock: Block | undefined;
  for (const block of blocks) {
    const first = block.header[0]!.trim();
    if (first === 'DATE' && block.header[1]?.trim() === 'TIME') {
      const third = block.header[2]?.trim();
      if (third === HOURLY_ACTUAL) hourlyBlock = block;
      else if (third === FIVE_MINUTE_ACTUAL) fiveMinuteBlock = block;
      else throw unknownHeader(origin, block, third ?? '');
    } else if (first === SAME_DAY_FORECAST) sameDayBlock = block;
    else if (first === NEXT_DAY_FORECAST) nextDayBlock = block;
    else if (first === NEXT_DAY_SUPPLY) nextDaySupplyBlock = block;
    else if (!OTHER_BLOCKS.has(first)) throw unknownHeader(origin, block, first);
  }
  if (!hourlyBlock) {
    throw new TableShapeError(
      at(origin, lines.length),
      'hourly table missing',
      `a section headed "DATE,TIME,${HOURLY_ACTUAL},..." with 24 rows`,
    );
  }
  if (!fiveMinuteBlock) {
    throw new TableShapeError(
      at(origin, lines.length),
      '5-minute table missing',
      `a section headed "DATE,TIME,${FIVE_MINUTE_ACTUAL},..." with 288 rows`,
    );
  }

  const hourly = readHourly(hourlyBlock, origin);
  const date = hourly[0]!.date;
  const fiveMinute = readFiveMinute(fiveMinuteBlock, origin, date);
  const sameDayForecast = sameDayBlock ? readForecast(sameDayBlock, origin, date) : null;
  const nextDayForecast = nextDayBlock ? readNextDay(nextDayBlock, origin, date) : null;
  const nextDaySupply = nextDaySupplyBlock ? readNextDaySupply(nextDaySupplyBlock, origin, date) : null;

  const unmeasuredHours = hourly.filter((row) => row.demandManKw === null).length;
  const unmeasuredFiveMinutes = fiveMinute.filter((row) => row.demandManKw === null).length;
  let peakHourly: number | null = null;
  let peakHour: number | null = null;
  if (unmeasuredHours === 0) {
    for (const row of hourly) {
      if (peakHourly === null || row.demandManKw! > peakHourly) {
        peakHourly = row.demandManKw;
        peakHour = row.hour;
      }
    }
  }
  let peak5min: number | null = null;
  if (unmeasuredFiveMinutes === 0) {
    for (const row of fiveMinute) if (peak5min === null || row.demandManKw! > peak5min) peak5min = row.demandManKw;
  }
  return {
    origin,
    date,
    updatedAt,
    hourly,
    fiveMinute,
    sameDayForecast,
    nextDayForecast,
    nextDaySupply,
    summary: {
      date,
      peak_hourly: peakHourly,
      peak_5min: peak5min,
      peak_hour: peakHour,
      tepco_forecast_peak: sameDayForecast?.peakManKw ?? null,
    },
    unmeasuredHours,
    unmeasuredFiveMinutes,
  };
}

function splitBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (isBlankLine(line)) {
      current = undefined;
      continue;
    }
    if (!current) {
      current = { header: trimTrailingEmpty(splitCsvLine(line)), headerLine: i + 1, rows: [] };
      blocks.push(current);
    } else current.rows.push({ cells: line.includes('"') ? splitCsvLine(line) : line.split(','), line: i + 1 });
  }
  return blocks;
}

function unknownHeader(origin: FileOrigin, block: Block, cell: string): UnknownHeaderError {
  return new UnknownHeaderError(
    { ...at(origin, block.headerLine), value: cell },
    `unknown section header "${block.header.join(',')}"`,
    `one of the TEPCO daily sections: ${KNOWN_HEADERS.join(' | ')}`,
  );
}

function columnIndex(block: Block, origin: FileOrigin, name: string): number {
  const index = block.header.findIndex((cell) => cell.trim() === name);
  if (index < 0) {
    throw new UnknownHeaderError(
      at(origin, block.headerLine),
      `column "${name}" not found in "${block.header.join(',')}"`,
      `a header containing "${name}"`,
    );
  }
  return index;
}

function readDateCell(cell: string | undefined, origin: FileOrigin, line: number): string {
  const date = parseSlashDate(cell ?? '');
  if (!date) throw new InvalidValueError({ ...at(origin, line, 'DATE'), value: cell ?? '' }, 'a date YYYY/M/D');
  return date;
}

function readTime(cell: string | undefined, origin: FileOrigin, line: number): number {
  const minutes = parseClockMinutes(cell ?? '');
  if (minutes === null || minutes >= 24 * 60)
    throw new InvalidValueError(
      { ...at(origin, line, 'TIME'), value: cell ?? '' },
      'a time H:MM between 0:00 and 23:59',
    );
  return minutes;
}

/** An unmeasured interval of a running day is published as 0 or empty. */
function measured(value: number | null): number | null {
  return value === null || value === 0 ? null : value;
}

function readHourly(block: Block, origin: FileOrigin): TepcoHourlyRow[] {
  const actual = columnIndex(block, origin, HOURLY_ACTUAL);
  const forecast = columnIndex(block, origin, '予測値(万kW)');
  const usage = columnIndex(block, origin, '使用率(%)');
  const supply = columnIndex(block, origin, '供給力(万kW)');
  if (block.rows.length !== 24) {
    throw new TableShapeError(
      at(origin, block.headerLine),
      `hourly table has ${block.rows.length} rows`,
      '24 rows, 0:00 to 23:00',
    );
  }
  const date = readDateCell(block.rows[0]!.cells[0], origin, block.rows[0]!.line);
  const dateText = block.rows[0]!.cells[0];
  return block.rows.map(({ cells, line }, hour) => {
    const rowDate = cells[0] === dateText ? date : readDateCell(cells[0], origin, line);
    const minutes = readTime(cells[1], origin, line);
    if (rowDate !== date || minutes !== hour * 60) {
      throw new TableShapeError(
        { ...at(origin, line, 'TIME'), value: `${cells[0]},${cells[1]}` },
        'hourly rows out of order',
        `${date} ${hour}:00 on this row (24 rows, one per hour)`,
      );
    }
    return {
      date,
      hour,
      demandManKw: measured(parseNumberCell(cells[actual], origin, line, HOURLY_ACTUAL)),
      forecastManKw: parseNumberCell(cells[forecast], origin, line, '予測値(万kW)'),
      usagePercent: parseNumberCell(cells[usage], origin, line, '使用率(%)'),
      supplyManKw: parseNumberCell(cells[supply], origin, line, '供給力(万kW)'),
      line,
    };
  });
}

function readFiveMinute(block: Block, origin: FileOrigin, date: string): TepcoFiveMinuteRow[] {
  const actual = columnIndex(block, origin, FIVE_MINUTE_ACTUAL);
  const solar = columnIndex(block, origin, '太陽光発電実績(５分間隔値)(万kW)');
  const shareName = block.header.find((cell) => cell.startsWith('太陽光発電量'));
  const share = shareName === undefined ? -1 : block.header.indexOf(shareName);
  if (block.rows.length !== 288) {
    throw new TableShapeError(
      at(origin, block.headerLine),
      `5-minute table has ${block.rows.length} rows`,
      '288 rows, 0:00 to 23:55',
    );
  }
  const dateText = block.rows[0]!.cells[0];
  const firstRowDate = readDateCell(dateText, origin, block.rows[0]!.line);
  return block.rows.map(({ cells, line }, index) => {
    const rowDate = cells[0] === dateText ? firstRowDate : readDateCell(cells[0], origin, line);
    const minute = readTime(cells[1], origin, line);
    if (rowDate !== date || minute !== index * 5) {
      throw new TableShapeError(
        { ...at(origin, line, 'TIME'), value: `${cells[0]},${cells[1]}` },
        '5-minute rows out of order or for another date',
        `${date} ${Math.floor(index / 12)}:${pad2((index % 12) * 5)} on this row`,
      );
    }
    return {
      date,
      minute,
      demandManKw: measured(parseNumberCell(cells[actual], origin, line, FIVE_MINUTE_ACTUAL)),
      solarManKw: parseNumberCell(cells[solar], origin, line, '太陽光発電実績(５分間隔値)(万kW)'),
      solarSharePercent: share < 0 ? null : parseNumberCell(cells[share], origin, line, shareName!),
      line,
    };
  });
}

/** 'M/D' + 'H:MM' near `nearDate` → 'YYYY-MM-DDTHH:MM' (the year is the one closest to nearDate). */
function monthDayStamp(monthDay: string, time: string, nearDate: string): string | null {
  const md = /^(\d{1,2})\/(\d{1,2})$/.exec(monthDay.trim());
  const minutes = parseClockMinutes(time);
  if (!md || minutes === null) return null;
  const year = Number(nearDate.slice(0, 4));
  const month = Number(md[1]);
  const nearMonth = Number(nearDate.slice(5, 7));
  const adjustedYear = month === 12 && nearMonth === 1 ? year - 1 : month === 1 && nearMonth === 12 ? year + 1 : year;
  const day = isoDate(adjustedYear, month, Number(md[2]));
  return day === null ? null : `${day}T${clock(time)}`;
}

function clock(time: string): string {
  const minutes = parseClockMinutes(time)!;
  return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

function readForecast(block: Block, origin: FileOrigin, nearDate: string): TepcoForecastPeak {
  const row = block.rows[0];
  if (!row || block.rows.length !== 1) {
    throw new TableShapeError(
      at(origin, block.headerLine),
      `section "${block.header[0]}" has ${block.rows.length} rows`,
      'exactly one row',
    );
  }
  const updateDate = block.header.findIndex((cell) => cell.endsWith('更新日'));
  const updateTime = block.header.findIndex((cell) => cell.endsWith('更新時刻'));
  const band = block.header.indexOf('時間帯');
  return {
    peakManKw: parseNumberCell(row.cells[0], origin, row.line, block.header[0]),
    band: band < 0 ? '' : (row.cells[band] ?? '').trim(),
    updatedAt:
      updateDate < 0 || updateTime < 0
        ? null
        : monthDayStamp(row.cells[updateDate] ?? '', row.cells[updateTime] ?? '', nearDate),
  };
}

function readNextDay(block: Block, origin: FileOrigin, date: string): TepcoNextDayForecast {
  const targetDate = addDays(date, 1);
  const forecast = readForecast(block, origin, targetDate);
  return {
    ...forecast,
    targetDate,
    dayAhead: forecast.updatedAt !== null && forecast.updatedAt < `${targetDate}T06:00`,
  };
}

function readNextDaySupply(block: Block, origin: FileOrigin, date: string): TepcoNextDaySupply {
  const { targetDate, peakManKw, band, updatedAt, dayAhead } = readNextDay(block, origin, date);
  const row = block.rows[0]!;
  const percent = (name: string): number | null => {
    const index = block.header.findIndex((cell) => cell.trim() === name);
    return index < 0 ? null : parseNumberCell(row.cells[index], origin, row.line, name);
  };
  return {
    targetDate,
    supplyManKw: peakManKw,
    band,
    updatedAt,
    dayAhead,
    reservePercent: percent('ピーク時予備率(%)'),
    usagePercent: percent('ピーク時使用率(%)'),
  };
}
