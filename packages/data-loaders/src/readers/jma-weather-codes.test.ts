import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectDataError } from '../__fixtures__/expect-error.js';
import { InvalidValueError, TableShapeError, UnknownHeaderError } from '../errors.js';
import { readJmaWeatherCodes } from './jma-weather-codes.js';

const origin = { file: 'weatherCode.csv' };
const HEADER = 'weatherCode,weatherPictDay,weatherPictNight,Group,weatherJ,weatherE';

describe('readJmaWeatherCodes', () => {
  it('reads code, words and group by header name (BOM and CRLF as published)', () => {
    const codes = readJmaWeatherCodes(
      `\ufeff${HEADER}\r\n100,100.svg,500.svg,100,晴,CLEAR\r\n101,101.svg,501.svg,100,晴時々曇,PARTLY CLOUDY\r\n`,
      origin,
    );
    expect(codes).toEqual([
      { code: 100, weatherJ: '晴', weatherE: 'CLEAR', group: 100 },
      { code: 101, weatherJ: '晴時々曇', weatherE: 'PARTLY CLOUDY', group: 100 },
    ]);
  });

  it('names the line and column of a bad code, a repeated code and a missing column', async () => {
    const bad = await expectDataError(() => readJmaWeatherCodes(`${HEADER}\n10x,a,b,100,晴,CLEAR\n`, origin));
    expect(bad).toBeInstanceOf(InvalidValueError);
    expect(bad.message).toContain('weatherCode.csv, line 2, column "weatherCode", value "10x"');
    const repeated = await expectDataError(() =>
      readJmaWeatherCodes(`${HEADER}\n101,a,b,100,晴時々曇,X\n101,a,b,100,晴時々曇,X\n`, origin),
    );
    expect(repeated).toBeInstanceOf(TableShapeError);
    expect(repeated.message).toContain('line 3');
    const header = await expectDataError(() => readJmaWeatherCodes('code,words\n100,晴\n', origin));
    expect(header).toBeInstanceOf(UnknownHeaderError);
    expect(header.message).toContain('weatherCode, Group, weatherJ, weatherE not found');
  });
});

const dataDir = process.env.POWERCAST_DATA_DIR;
describe.skipIf(!dataDir)('readJmaWeatherCodes on the real table', () => {
  it('has 118 codes from 100 to 450 in four groups', async () => {
    const codes = readJmaWeatherCodes(await readFile(path.join(dataDir!, 'jma/forecast/weatherCode.csv')), origin);
    expect(codes).toHaveLength(118);
    expect([codes[0]!.code, codes.at(-1)!.code]).toEqual([100, 450]);
    expect(new Set(codes.map((code) => code.group))).toEqual(new Set([100, 200, 300, 400]));
    expect(codes.find((code) => code.code === 101)?.weatherJ).toBe('晴時々曇');
  });
});
