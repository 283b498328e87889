import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticHourly, tepcoDailyText, tepcoRunningDayText } from '../__fixtures__/builders.js';
import { encodeCp932 } from '../__fixtures__/cp932.js';
import { expectDataError } from '../__fixtures__/expect-error.js';
import { TableShapeError } from '../errors.js';
import { readTepcoActualsSoFar } from './tepco-actuals-so-far.js';
import { readTepcoDailyFile } from './tepco-daily.js';
import { decodeText } from './text.js';
import { readZipMembers } from './zip.js';

const origin = { file: 'juyo-d1-j.csv' };

const runningDay = (hours: number, fiveMinutes: number, unmeasured: '0' | ''): string =>
  tepcoRunningDayText('2023-08-01', { hours, fiveMinutes, unmeasured });

describe('readTepcoActualsSoFar', () => {
  it.each(['0', ''] as const)(
    'reads a running day (unmeasured as %j) as the hours measured so far, never zeros',
    (unmeasured) => {
      const hourly = syntheticHourly(3300);
      const actuals = readTepcoActualsSoFar(encodeCp932(runningDay(17, 211, unmeasured)), origin);
      expect(actuals).toMatchObject({
        date: '2023-08-01',
        updatedAt: '2023-08-01T17:55:00+09:00',
        hoursMeasured: 17,
        fiveMinutesMeasured: 211,
        complete: false,
      });
      expect(actuals.hourlyManKw).toEqual(hourly.slice(0, 17));
      expect(actuals.fiveMinuteManKw).toHaveLength(211);
      expect(actuals.peakSoFarManKw).toBe(Math.max(...hourly.slice(0, 17)));
      expect(actuals.peakHourSoFar).toBe(hourly.indexOf(Math.max(...hourly.slice(0, 17))));
    },
  );

  it('reads an archived day as complete', () => {
    const actuals = readTepcoActualsSoFar(tepcoDailyText('2023-08-01'), origin);
    expect(actuals).toMatchObject({ hoursMeasured: 24, fiveMinutesMeasured: 288, complete: true });
  });

  it('has nothing yet just after midnight', () => {
    const actuals = readTepcoActualsSoFar(runningDay(0, 0, '0'), origin);
    expect(actuals).toMatchObject({ hoursMeasured: 0, hourlyManKw: [], peakSoFarManKw: null, peakHourSoFar: null });
  });

  it('refuses a measured hour after an unmeasured one, naming the line and column', async () => {
    // Hour 5 (line 15) published as 0 while hour 6 (line 16) and later are measured.
    const text = runningDay(17, 200, '0').replace(/2023\/8\/1,5:00,\d+,/, '2023/8/1,5:00,0,');
    const error = await expectDataError(() => readTepcoActualsSoFar(text, origin));
    expect(error).toBeInstanceOf(TableShapeError);
    expect(error.message).toContain('juyo-d1-j.csv, line 16, column "当日実績(万kW)"');
    expect(error.message).toContain('a measured value after the unmeasured row at line 15');
  });
});

const dataDir = process.env.POWERCAST_DATA_DIR;
describe.skipIf(!dataDir)('readTepcoActualsSoFar on a real day cut at 18:00', () => {
  it('gives the real values of hours 0–17 when later hours and intervals are blanked as TEPCO does', async () => {
    const zip = 'tepco/monthly/202308_power_usage.zip';
    const member = readZipMembers(await readFile(path.join(dataDir!, zip)), zip).find((m) =>
      m.name.startsWith('20230801'),
    )!;
    const archived = readTepcoDailyFile(member.bytes, { file: zip, member: member.name });
    const lines = decodeText(member.bytes).text.split('\r\n');
    const cut = lines.map((line, i) => {
      const row = /^2023\/8\/1,(\d{1,2}):(\d{2}),([^,]*),(.*)$/.exec(line);
      if (i === 0) return '2023/8/1 17:55 UPDATE';
      if (!row) return line;
      const isFiveMinute = lines.slice(0, i).some((l) => l.includes('当日実績(５分間隔値)'));
      const minutes = Number(row[1]) * 60 + Number(row[2]);
      const measured = isFiveMinute ? minutes < 17 * 60 + 50 : minutes < 17 * 60;
      return measured ? line : `2023/8/1,${row[1]}:${row[2]},${isFiveMinute ? '0' : ''},${row[4]}`;
    });
    const actuals = readTepcoActualsSoFar(encodeCp932(cut.join('\r\n')), { file: 'juyo-d1-j.csv' });
    expect(actuals.hoursMeasured).toBe(17);
    expect(actuals.hourlyManKw).toEqual(archived.hourly.slice(0, 17).map((row) => row.demandManKw));
    expect(actuals.fiveMinutesMeasured).toBe(214);
    expect(actuals.peakSoFarManKw).toBe(Math.max(...archived.hourly.slice(0, 17).map((row) => row.demandManKw!)));
  });
});
