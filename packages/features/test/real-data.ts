import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Root of the shared real data, or undefined (tests that need it skip with a notice). */
export const dataDir: string | undefined = process.env.POWERCAST_DATA_DIR || undefined;

export function warnIfNoData(suite: string): void {
  if (!dataDir) console.warn(`[${suite}] POWERCAST_DATA_DIR is unset: real-data tests are skipped`);
}

/** The JMA daily exports under jma/daily and jma/daily-full. */
function jmaDailyFiles(root: string): string[] {
  const full = join(root, 'jma', 'daily-full');
  return [
    join(root, 'jma', 'daily', 'weather_data.csv'),
    ...readdirSync(full)
      .sort()
      .map((f) => join(full, f)),
  ];
}

/**
 * Every distinct 天気概況 text (day and night columns) in the JMA exports, read straight from the
 * CP932 files. Columns are found from the header row, never by position.
 */
export function distinctJmaWeatherTexts(root: string): { day: Set<string>; night: Set<string> } {
  const day = new Set<string>();
  const night = new Set<string>();
  for (const file of jmaDailyFiles(root)) {
    const lines = new TextDecoder('shift_jis').decode(readFileSync(file)).split(/\r?\n/);
    const header = lines.find((line) => line.startsWith('年月日'));
    if (!header) throw new Error(`${file}: no 年月日 header row`);
    const cells = header.split(',');
    const dayColumn = cells.findIndex((c) => c.startsWith('天気概況(昼'));
    const nightColumn = cells.findIndex((c) => c.startsWith('天気概況(夜'));
    for (const line of lines) {
      if (!/^\d{4}\/\d{1,2}\/\d{1,2},/.test(line)) continue;
      const row = line.split(',');
      if (dayColumn >= 0 && row[dayColumn]) day.add(row[dayColumn]);
      if (nightColumn >= 0 && row[nightColumn]) night.add(row[nightColumn]);
    }
  }
  return { day, night };
}

/** The real daily table through @powercast/data-loaders (the same path training uses). */
export async function loadRealDailyTable(root: string): Promise<import('arquero').ColumnTable> {
  const { loadDailyDataset } = await import('@powercast/data-loaders');
  const dataset = await loadDailyDataset({ source: root });
  return dataset.table;
}
