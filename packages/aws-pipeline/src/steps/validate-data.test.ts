import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDailyTable } from './daily-table.js';
import { loadData } from './job-steps.js';
import { validateData } from './validate-data.js';

const dataDir = process.env['POWERCAST_DATA_DIR'];
const YEARLY = 'tepco/yearly/juyo-2019.csv';
const FILES = [YEARLY, 'jma/daily/weather_data.csv', 'jma/hourly/temperature-2019.csv', 'holidays/syukujitsu.csv'];

const temp = (prefix: string): string => mkdtempSync(join(tmpdir(), prefix));

/** A copy of a few real files (tmp dir, never committed) with one yearly hour replaced by `value`. */
function damagedCopy(hour: string, value: string): string {
  const raw = temp('powercast-validate-raw-');
  for (const path of FILES) {
    mkdirSync(dirname(join(raw, path)), { recursive: true });
    copyFileSync(join(dataDir!, path), join(raw, path));
  }
  const lines = readFileSync(join(raw, YEARLY), 'latin1').split('\n');
  const index = lines.findIndex((line) => line.startsWith(`2019/3/3,${hour},`));
  lines[index] = `2019/3/3,${hour},${value}\r`;
  writeFileSync(join(raw, YEARLY), lines.join('\n'), 'latin1');
  return raw;
}

/** LoadData then ValidateData on `raw`, wired as the definition wires them. */
async function loadAndValidate(raw: string, qualityActions = '{}'): Promise<{ dataset: string; quality: string }> {
  const loaded = { dataset: temp('powercast-load-dataset-'), as_of: temp('powercast-load-as-of-') };
  await loadData({ inputs: { raw }, outputs: loaded, parameters: { join: 'target' }, log: () => undefined });
  const outputs = { dataset: temp('powercast-validated-'), quality: temp('powercast-quality-') };
  await validateData({
    inputs: { raw, dataset: loaded.dataset, as_of: loaded.as_of },
    outputs,
    parameters: { quality_actions: qualityActions },
    log: () => undefined,
  });
  return outputs;
}

describe.skipIf(!dataDir)('ValidateData step', () => {
  it('takes the days a drop rule names out of the dataset it hands on, and says so in quality.json', async () => {
    const { dataset, quality } = await loadAndValidate(damagedCopy('14:00', ''));
    const report = JSON.parse(readFileSync(join(quality, 'quality.json'), 'utf8')) as {
      droppedDates: string[];
      findings: { rule: string; date: string; action: string }[];
    };
    expect(report.droppedDates).toEqual(['2019-03-03']);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ rule: 'day-completeness', date: '2019-03-03', action: 'drop' }),
    );
    const dates = (await readDailyTable(dataset)).array('date') as string[];
    expect(dates).not.toContain('2019-03-03');
    expect(dates).toContain('2019-03-02');
    expect(readFileSync(join(dataset, 'fingerprint.txt'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
  });

  it('stops on a fail rule with a DataQualityError naming file, line, date and rule', async () => {
    await expect(loadAndValidate(damagedCopy('3:00', '-500'))).rejects.toThrow(
      /data quality gate: 1 finding\(s\) of rules set to fail; tepco\/yearly\/juyo-2019\.csv, line \d+, date 2019-03-03: rule hourly-demand-range \(fail\)/,
    );
  });

  it('keeps a day whose rule was set to warn, and refuses an unknown rule in quality_actions', async () => {
    const raw = damagedCopy('3:00', '-500');
    const { dataset } = await loadAndValidate(raw, '{"hourly-demand-range":"warn"}');
    expect((await readDailyTable(dataset)).array('date') as string[]).toContain('2019-03-03');
    await expect(loadAndValidate(raw, '{"no-such-rule":"warn"}')).rejects.toThrow(
      'quality_actions: unknown rule "no-such-rule"',
    );
  });
});
