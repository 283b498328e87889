import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadJmaForecasts } from '../load/load-jma-forecasts.js';
import {
  BASE,
  FORECAST,
  FULL_2022,
  MEMBER,
  MONTHLY,
  WEATHER,
  YEARLY,
  editLines,
  editMember,
  linesOf,
  qualityOf,
  realCopy,
  setYearlyHours,
} from './__fixtures__/damaged-copy.js';
import { inspectSources } from './inspect.js';
import { validateForecastIssues, validateSources, type QualityReport } from './validate.js';
import { checkForecastIssues } from './weather-checks.js';

const dataDir = process.env['POWERCAST_DATA_DIR'];

const only = (report: QualityReport, rule: string): QualityReport['findings'] =>
  report.findings.filter((finding) => finding.rule === rule);

describe.skipIf(!dataDir)('data-quality rules on damaged copies of the real files', () => {
  it('the real files pass: one warning, the known JMA difference of 2022-01-06 (the later download wins)', async () => {
    const report = await qualityOf(realCopy([...BASE, FULL_2022]));
    expect(report.failed).toBe(false);
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: 'conflicting-rows',
        series: 'weather',
        date: '2022-01-06',
        file: WEATHER,
        line: 1473,
        value: '曇後大雪',
        action: 'warn',
      }),
    ]);
    expect(report.findings[0]!.message).toContain(`"曇後雪" in ${FULL_2022} line 85`);
    expect(report.summary).toBe('quality: 14 rules, 1 findings, 0 fail, 0 days dropped, 1 warn (conflicting-rows 1)');
  });

  it('hourly-demand-range: a day at 99,999 万kW fails naming the file, the line of its first hour and the date', async () => {
    const root = realCopy(BASE);
    setYearlyHours(root, '2019/7/10', () => '99999');
    const report = await qualityOf(root);
    expect(report.failed).toBe(true);
    expect(only(report, 'hourly-demand-range')).toEqual([
      expect.objectContaining({
        series: 'hourly-demand',
        date: '2019-07-10',
        file: YEARLY,
        line: linesOf(root, YEARLY, '2019/7/10,0:00,')[0],
        value: '99999',
        action: 'fail',
      }),
    ]);
    expect(only(report, 'hourly-demand-range')[0]!.message).toContain('24 of 24 hourly values outside 1000..7500');
  });

  it('five-minute-demand-range: one 5-minute value of a daily file in a monthly ZIP, named by member and line', async () => {
    const root = realCopy([...BASE, MONTHLY]);
    editMember(root, (lines) => {
      const index = lines.findIndex((line) => line.startsWith('2022/7/10,0:05,'));
      lines[index] = lines[index]!.replace(/^2022\/7\/10,0:05,\d+/, '2022/7/10,0:05,-500');
    });
    const [finding, ...rest] = only(await qualityOf(root), 'five-minute-demand-range');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ date: '2022-07-10', file: MONTHLY, member: MEMBER, line: 57, value: '-500' });
    expect(finding!.action).toBe('fail');
  });

  it('temperature-range: a 99.9 ℃ maximum fails', async () => {
    const root = realCopy(BASE);
    editLines(root, WEATHER, (lines) => {
      const index = lines.findIndex((line) => line.startsWith('2019/8/1,'));
      lines[index] = lines[index]!.replace(/^2019\/8\/1,[\d.]+,/, '2019/8/1,99.9,');
    });
    expect(only(await qualityOf(root), 'temperature-range')).toEqual([
      expect.objectContaining({
        series: 'temperature',
        date: '2019-08-01',
        file: WEATHER,
        line: linesOf(root, WEATHER, '2019/8/1,')[0],
        value: '99.9',
        action: 'fail',
      }),
    ]);
  });

  it('max-below-min: a minimum above the maximum fails', async () => {
    const root = realCopy(BASE);
    editLines(root, WEATHER, (lines) => {
      const index = lines.findIndex((line) => line.startsWith('2019/1/15,'));
      const cells = lines[index]!.split(',');
      cells[4] = String(Number(cells[1]) + 5);
      lines[index] = cells.join(',');
    });
    expect(only(await qualityOf(root), 'max-below-min')).toEqual([
      expect.objectContaining({ date: '2019-01-15', file: WEATHER, line: linesOf(root, WEATHER, '2019/1/15,')[0] }),
    ]);
    expect(only(await qualityOf(root), 'max-below-min')[0]!.action).toBe('fail');
  });

  it('pops-range: the archive reader refuses a 150 % pop naming file and line; the rule flags such a value in the issues it is given', async () => {
    const root = realCopy(BASE);
    editLines(root, FORECAST, (lines) => {
      lines[4] = lines[4]!.replace('"20"', '"150"');
    });
    await expect(loadJmaForecasts({ source: root })).rejects.toThrow(
      `${FORECAST}, line 5, column "pop", value "150": cannot parse value`,
    );
    // The issues LoadData hands on (as_of) are checked again: a live JSON or an older as_of document.
    const { rows } = await loadJmaForecasts({ source: realCopy(BASE) });
    const damaged = rows.map((row, index) => (index === 7 ? { ...row, weekly_pop: 150 } : row));
    const findings = checkForecastIssues(damaged, () => FORECAST).filter((finding) => finding.rule === 'pops-range');
    expect(findings).toEqual([
      expect.objectContaining({ date: rows[7]!.target_date, file: FORECAST, line: null, value: '150' }),
    ]);
    const report = validateSources({ ...(await inspectSources({ source: root })), forecastIssues: damaged, daily: [] });
    expect(only(report, 'pops-range')[0]).toMatchObject({ series: 'pops', action: 'fail' });
  });

  it('validateForecastIssues: issues arriving alone (a live JSON) get the forecast rules, with the action configured', async () => {
    const { rows } = await loadJmaForecasts({ source: realCopy(BASE) });
    expect(validateForecastIssues(rows, FORECAST).filter((finding) => finding.action === 'fail')).toEqual([]);
    const damaged = rows.map((row, index) => (index === 3 ? { ...row, temp_max: 99.5 } : row));
    expect(validateForecastIssues(damaged, 'https://example.test/130000.json')).toEqual([
      expect.objectContaining({
        rule: 'temperature-range',
        series: 'temperature',
        date: rows[3]!.target_date,
        file: 'https://example.test/130000.json',
        value: '99.5',
        action: 'fail',
      }),
    ]);
    expect(validateForecastIssues(damaged, FORECAST, { 'temperature-range': 'warn' })[0]!.action).toBe('warn');
  });

  it('day-completeness: a yearly day with an empty hour is dropped from training, and the report says so', async () => {
    const root = realCopy(BASE);
    setYearlyHours(root, '2019/3/3', () => '', [14]);
    const report = await qualityOf(root);
    expect(only(report, 'day-completeness')).toEqual([
      expect.objectContaining({
        date: '2019-03-03',
        file: YEARLY,
        line: linesOf(root, YEARLY, '2019/3/3,14:00,')[0],
        action: 'drop',
      }),
    ]);
    expect(report.droppedDates).toEqual(['2019-03-03']);
    expect(report.failed).toBe(false);
    expect(report.summary).toContain('1 days dropped (day-completeness 1)');
  });

  it('day-completeness: a daily file whose 5-minute values are all 0 (unmeasured) is dropped', async () => {
    const root = realCopy([...BASE, MONTHLY]);
    editMember(root, (lines) =>
      lines.forEach((line, index) => {
        if (/^2022\/7\/10,\d+:\d\d,\d+,\d+,\d+\r?$/.test(line) && lines[index - 1] !== undefined)
          lines[index] = line.replace(/^(2022\/7\/10,\d+:\d\d,)\d+/, '$10');
      }),
    );
    const report = await qualityOf(root);
    expect(only(report, 'day-completeness')).toContainEqual(
      expect.objectContaining({ date: '2022-07-10', file: MONTHLY, member: MEMBER, line: 56, action: 'drop' }),
    );
    expect(report.droppedDates).toContain('2022-07-10');
  });

  it('hourly-five-minute-mismatch: an hour 10 % off its twelve 5-minute values drops the day', async () => {
    const root = realCopy([...BASE, MONTHLY]);
    editMember(root, (lines) => {
      const index = lines.findIndex((line) => line.startsWith('2022/7/10,13:00,'));
      lines[index] = lines[index]!.replace(
        /^(2022\/7\/10,13:00,)(\d+)/,
        (_, head: string, value: string) => `${head}${Math.round(Number(value) * 1.1)}`,
      );
    });
    const report = await qualityOf(root);
    expect(only(report, 'hourly-five-minute-mismatch')).toEqual([
      expect.objectContaining({
        series: 'five-minute-demand',
        date: '2022-07-10',
        member: MEMBER,
        line: 28,
        action: 'drop',
      }),
    ]);
    expect(report.droppedDates).toEqual(['2022-07-10']);
  });

  it('flat-line: the same value for 7 hours is a warning naming its first hour', async () => {
    const root = realCopy(BASE);
    setYearlyHours(root, '2019/5/20', () => '3000', [1, 2, 3, 4, 5, 6, 7]);
    expect(only(await qualityOf(root), 'flat-line')).toEqual([
      expect.objectContaining({
        date: '2019-05-20',
        line: linesOf(root, YEARLY, '2019/5/20,1:00,')[0],
        value: '3000',
        action: 'warn',
      }),
    ]);
    expect(only(await qualityOf(root), 'flat-line')[0]!.message).toContain(
      '3000 万kW for 7 consecutive hours from 1:00',
    );
  });

  it('hourly-jump: a 1,500 万kW step between two hours is a warning naming the hour', async () => {
    const root = realCopy(BASE);
    setYearlyHours(root, '2019/5/21', (_, old) => String(old + 1500), [3]);
    expect(only(await qualityOf(root), 'hourly-jump')).toEqual([
      expect.objectContaining({
        date: '2019-05-21',
        line: linesOf(root, YEARLY, '2019/5/21,3:00,')[0],
        action: 'warn',
      }),
    ]);
  });

  it('stale-forecast-issue: with three days of issues missing, the days after them are forecast from an old issue', async () => {
    const root = realCopy(BASE);
    editLines(root, FORECAST, (lines) => {
      for (let i = lines.length - 1; i > 0; i--)
        if (/^"[^"]*","2023-07-1[012]T/.test(Buffer.from(lines[i]!, 'latin1').toString('utf8'))) lines.splice(i, 1);
    });
    const findings = only(await qualityOf(root), 'stale-forecast-issue');
    expect(findings.map((finding) => finding.date)).toEqual(['2023-07-12', '2023-07-13']);
    expect(findings[0]).toMatchObject({ file: FORECAST, value: '2023-07-09T17:00:00+09:00', action: 'warn' });
    expect(findings[0]!.message).toContain('49 h old (allowed 36 h)');
  });

  it('duplicate-rows: a day given by two yearly files is a warning naming both and the one kept', async () => {
    const root = realCopy(BASE);
    const text = readFileSync(join(root, YEARLY), 'latin1').split('\n');
    const header = text.findIndex((line) => line.startsWith('DATE,TIME'));
    const day = text.filter((line) => line.startsWith('2019/6/1,'));
    mkdirSync(join(root, 'tepco/yearly-again'), { recursive: true });
    writeFileSync(
      join(root, 'tepco/yearly-again/juyo-2019.csv'),
      [...text.slice(0, header + 1), ...day, ''].join('\n'),
      'latin1',
    );
    const findings = only(await qualityOf(root), 'duplicate-rows');
    expect(findings).toEqual([
      expect.objectContaining({ date: '2019-06-01', file: 'tepco/yearly/juyo-2019.csv', action: 'warn' }),
    ]);
    expect(findings[0]!.message).toMatch(/also in tepco\/yearly-again\/juyo-2019\.csv line \d+, which is kept/);
  });

  it('mixed-encoding: one UTF-8 row in the CP932 weather export fails naming the file and the line', async () => {
    const root = realCopy(BASE);
    let line = 0;
    editLines(root, WEATHER, (lines) => {
      const index = lines.findIndex((text) => text.startsWith('2019/4/2,'));
      line = index + 1;
      const decoded = new TextDecoder('shift_jis').decode(Buffer.from(lines[index]!, 'latin1'));
      lines[index] = Buffer.from(decoded, 'utf8').toString('latin1');
    });
    const report = await qualityOf(root);
    expect(only(report, 'mixed-encoding')).toEqual([
      expect.objectContaining({ series: 'file', file: WEATHER, line, date: null, action: 'fail' }),
    ]);
    expect(only(report, 'mixed-encoding')[0]!.value).toMatch(/^2019\/4\/2,/);
    expect(only(report, 'mixed-encoding')[0]!.message).toContain('1 UTF-8 line(s) in a CP932 file');
  });

  it('optional-input-missing: an empty weather_data.csv and no holiday list are warnings the summary prints', async () => {
    const root = realCopy([YEARLY, WEATHER, 'jma/daily-full/data20181020-20191019.csv']);
    writeFileSync(join(root, WEATHER), '');
    const report = await qualityOf(root);
    const findings = only(report, 'optional-input-missing');
    expect(findings.map((finding) => [finding.file, finding.action])).toEqual([
      ['holidays/syukujitsu.csv', 'warn'],
      [WEATHER, 'warn'],
      ['jma/forecast/forecast_YYYYMM_130000.csv', 'warn'],
      ['jma/hourly/temperature-YYYY.csv', 'warn'],
    ]);
    // The daily-full export still covers 2019-01-01..10-19; the rest of 2019 has no weather text.
    expect(findings[1]!.message).toBe(
      `${WEATHER} is empty: ignored; 73 demand days have no weather text (2019-10-20 .. 2019-12-31)`,
    );
    expect(report.summary).toContain(`${WEATHER} is empty: ignored`);
    expect(report.summary).toContain('no holiday list');
  });

  it('actions are configurable per rule: a flat line set to fail stops the run, a range set to warn does not', async () => {
    const root = realCopy(BASE);
    setYearlyHours(root, '2019/5/20', () => '3000', [1, 2, 3, 4, 5, 6, 7]);
    expect((await qualityOf(root, { 'flat-line': 'fail' })).failed).toBe(true);
    setYearlyHours(root, '2019/7/10', () => '99999');
    const report = await qualityOf(root, { 'hourly-demand-range': 'warn' });
    expect(report.failed).toBe(false);
    expect(report.rules.find((rule) => rule.id === 'hourly-demand-range')!.action).toBe('warn');
  });
});
