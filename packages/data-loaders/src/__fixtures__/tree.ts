import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { addDays } from '../readers/dates.js';
import {
  jmaDailyText,
  jmaHourlyDay,
  jmaHourlyText,
  syntheticHourly,
  tepcoDailyText,
  tepcoYearlyText,
  type JmaDailyRowSpec,
} from './builders.js';
import { encodeCp932 } from './cp932.js';

export type Tree = Record<string, Uint8Array | string>;

export async function writeTree(tree: Tree, dir?: string): Promise<string> {
  const root = dir ?? (await mkdtemp(path.join(tmpdir(), 'powercast-dl-')));
  for (const [relative, content] of Object.entries(tree)) {
    const target = path.join(root, relative);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, typeof content === 'string' ? encodeCp932(content) : content);
  }
  return root;
}

export const hourlyFor = (date: string): number[] => syntheticHourly(2800 + Number(date.slice(8, 10)) * 10);

/**
 * A small source tree: yearly TEPCO 2022-03-30..04-02, daily files (in a monthly ZIP) for
 * 04-01..04-02, two overlapping JMA daily exports, one JMA hourly export.
 */
export function smallTree(): Tree {
  const yearlyDays = ['2022-03-30', '2022-03-31', '2022-04-01', '2022-04-02'];
  const zip = zipSync({
    '20220401_power_usage.csv': encodeCp932(tepcoDailyText('2022-04-01', { hourly: hourlyFor('2022-04-01') })),
    '20220402_power_usage.csv': encodeCp932(tepcoDailyText('2022-04-02', { hourly: hourlyFor('2022-04-02') })),
  });
  const weather = (date: string, text: string): JmaDailyRowSpec => ({
    date,
    maxTemp: '15.0',
    minTemp: '5.0',
    weather: text,
    meanTemp: '10.0',
  });
  const temps = Array.from({ length: 24 }, (_, i) => 6 + i / 4);
  return {
    'tepco/monthly/202204_power_usage.zip': zip,
    'tepco/yearly/juyo-2022.csv': tepcoYearlyText(yearlyDays.map((date) => ({ date, hourly: hourlyFor(date) }))),
    'jma/daily-full/older.csv': jmaDailyText(
      [weather('2022-03-31', '晴'), weather('2022-04-01', '曇後雪'), weather('2022-04-02', '雨')],
      { downloadedAt: '2023/10/20 10:42:03' },
    ),
    'jma/daily/newer.csv': jmaDailyText([weather('2022-04-01', '曇後大雪'), weather('2022-04-02', '雨')], {
      downloadedAt: '2025/05/05 19:50:15',
    }),
    'jma/hourly/temperature-2022.csv': jmaHourlyText(yearlyDays.flatMap((date) => jmaHourlyDay(date, temps))),
    'README.md': '# not data\n',
  };
}

export { addDays };
