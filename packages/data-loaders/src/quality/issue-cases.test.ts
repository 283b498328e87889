import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeOversizedCsv, writeZipBomb } from '../../test/untrusted-input.js';
import {
  BASE,
  MONTHLY,
  WEATHER,
  YEARLY,
  editLines,
  editMember,
  qualityOf,
  realCopy,
  setYearlyHours,
} from './__fixtures__/damaged-copy.js';
import type { QualityReport } from './validate.js';

const dataDir = process.env['POWERCAST_DATA_DIR'];

type Outcome =
  { error: string } | { fail: string } | { drop: string; date: string } | { reported: string; file: string };

interface IssueCase {
  /** The case as issue 14 states it (accepted silently or with a misleading warning before). */
  issue: string;
  damage: () => string;
  outcome: Outcome;
}

/** Every damaged input issue 14 lists as accepted, and what the load + quality gate now does with it. */
const CASES: IssueCase[] = [
  {
    issue: 'a day with every hour at 99,999 万kW',
    damage: () => withYearly((root) => setYearlyHours(root, '2019/7/10', () => '99999')),
    outcome: { fail: 'hourly-demand-range' },
  },
  {
    issue: 'a day with every hour at 0',
    damage: () => withYearly((root) => setYearlyHours(root, '2019/7/10', () => '0')),
    outcome: { fail: 'hourly-demand-range' },
  },
  {
    issue: 'a day with every hour at −500',
    damage: () => withYearly((root) => setYearlyHours(root, '2019/7/10', () => '-500')),
    outcome: { fail: 'hourly-demand-range' },
  },
  {
    issue: 'a 99.9 ℃ maximum',
    damage: () =>
      withYearly((root) =>
        editLines(root, WEATHER, (lines) => {
          const index = lines.findIndex((line) => line.startsWith('2019/8/1,'));
          lines[index] = lines[index]!.replace(/^2019\/8\/1,[\d.]+,/, '2019/8/1,99.9,');
        }),
      ),
    outcome: { fail: 'temperature-range' },
  },
  {
    issue: 'one UTF-8 row inside a CP932 file (it decoded to other characters and overrode the right value)',
    damage: () =>
      withYearly((root) =>
        editLines(root, WEATHER, (lines) => {
          const index = lines.findIndex((line) => line.startsWith('2019/4/2,'));
          const text = new TextDecoder('shift_jis').decode(Buffer.from(lines[index]!, 'latin1'));
          lines[index] = Buffer.from(text, 'utf8').toString('latin1');
        }),
      ),
    outcome: { fail: 'mixed-encoding' },
  },
  {
    issue: 'an empty weather_data.csv ("ignored", nothing printed)',
    damage: () => withYearly((root) => writeFileSync(join(root, WEATHER), '')),
    outcome: { reported: 'optional-input-missing', file: WEATHER },
  },
  {
    issue: "a TEPCO daily file whose 5-minute values are all 0 (TEPCO's 'not measured')",
    damage: () => {
      const root = realCopy([...BASE, MONTHLY]);
      editMember(root, (lines) =>
        lines.forEach((line, index) => {
          if (/^2022\/7\/10,\d+:\d\d,\d+,\d+,\d+\r?$/.test(line))
            lines[index] = line.replace(/^(2022\/7\/10,\d+:\d\d,)\d+/, '$10');
        }),
      );
      return root;
    },
    outcome: { drop: 'day-completeness', date: '2022-07-10' },
  },
  {
    issue:
      'a ZIP bomb (small archive, member far above the read limit; the full 500 MB one: test/untrusted-input.test.ts)',
    damage: () => {
      const root = realCopy(BASE);
      writeZipBomb(join(root, MONTHLY), 32);
      return root;
    },
    outcome: { error: 'InputTooLargeError' },
  },
  {
    issue: 'a 300 MB CSV',
    damage: () => {
      const root = realCopy(BASE);
      writeOversizedCsv(join(root, 'tepco/yearly/juyo-2018.csv'));
      return root;
    },
    outcome: { error: 'InputTooLargeError' },
  },
  {
    issue: 'a huge offending value echoed whole in the error message (524 MB)',
    damage: () =>
      withYearly((root) =>
        editLines(root, YEARLY, (lines) => {
          const index = lines.findIndex((line) => line.startsWith('2019/7/10,3:00,'));
          lines[index] = `2019/7/10,3:00,${'9x'.repeat(500_000)}\r`;
        }),
      ),
    outcome: { error: 'InvalidValueError' },
  },
];

function withYearly(damage: (root: string) => void): string {
  const root = realCopy(BASE);
  damage(root);
  return root;
}

async function gate(root: string): Promise<QualityReport | Error> {
  try {
    return await qualityOf(root);
  } catch (error) {
    return error as Error;
  }
}

describe.skipIf(!dataDir)(
  'the damaged inputs of issue 14: each gives an error, a fail, a reported drop or a printed warning',
  () => {
    it.each(CASES)('$issue', async ({ damage, outcome }) => {
      const result = await gate(damage());
      if ('error' in outcome) {
        expect(result).toBeInstanceOf(Error);
        expect((result as Error).name).toBe(outcome.error);
        // Messages quote at most ~80 characters of a value.
        expect((result as Error).message.length).toBeLessThan(400);
        return;
      }
      expect(result).not.toBeInstanceOf(Error);
      const report = result as QualityReport;
      if ('fail' in outcome) {
        expect(report.failed).toBe(true);
        expect(report.findings[0]).toMatchObject({ rule: outcome.fail, action: 'fail' });
      } else if ('drop' in outcome) {
        expect(report.droppedDates).toContain(outcome.date);
        expect(report.findings).toContainEqual(
          expect.objectContaining({ rule: outcome.drop, date: outcome.date, action: 'drop' }),
        );
        expect(report.summary).toMatch(/[1-9]\d* days dropped \(/);
      } else {
        expect(report.findings).toContainEqual(
          expect.objectContaining({ rule: outcome.reported, file: outcome.file, action: 'warn' }),
        );
        expect(report.summary).toContain(`${outcome.file} is empty`);
      }
    });
  },
);
