import type { AsOfSources } from '@powercast/features';
import { beforeAll, describe, expect, it } from 'vitest';
import { asOfInputsDocument, asOfSourcesOf } from './as-of-inputs.js';
import { calibrateServedInterval } from './served-calibration.js';

const dataDir = process.env['POWERCAST_DATA_DIR'];
const quantileConfig = { quantiles: {} };

describe.skipIf(!dataDir)("TrainModel's served interval calibration on the shared data", () => {
  let sources: AsOfSources;

  beforeAll(async () => {
    // Loaded lazily, as the steps load it, so this file keeps the package's import rule.
    const { loadAsOfInputs } = await import('@powercast/data-loaders');
    const inputs = await loadAsOfInputs({ source: dataDir! });
    sources = await asOfSourcesOf(inputs.daily, asOfInputsDocument(inputs));
  }, 60_000);

  it('serves the quantile band as is when interval_calibration is none, and says so', async () => {
    const served = await calibrateServedInterval({
      sources,
      trainUntil: '2022-12-31',
      config: quantileConfig,
      method: 'none',
    });
    expect(served.calibration).toBeNull();
    expect(served.summary).toContain('interval_calibration=none');
  });

  it('is not an error when JMA’s archive gives too few held-out days: uncalibrated, with the count and the minimum', async () => {
    // The archive starts 2021-11-04: the year through 2021-12-20 holds about 46 days with an 18:00 issue.
    const served = await calibrateServedInterval({
      sources,
      trainUntil: '2021-12-20',
      config: quantileConfig,
      method: 'balanced-band',
    });
    expect(served.calibration).toBeNull();
    const [, days] = /none: (\d+) held-out days/.exec(served.summary) ?? [];
    expect(Number(days)).toBeGreaterThan(0);
    expect(Number(days)).toBeLessThan(60);
    expect(served.summary).toContain('at least 60 needed');
  });

  it('calibrates on the held-out days before the train end once there are enough of them', async () => {
    const served = await calibrateServedInterval({
      sources,
      trainUntil: '2022-02-28',
      config: quantileConfig,
      method: 'balanced-band',
    });
    expect(served.calibration?.method).toBe('balanced-band');
    expect(served.calibration?.window.to).toBe('2022-02-28');
    expect(served.calibration?.window.nDays).toBeGreaterThanOrEqual(60);
    expect(served.calibration?.window.from).toMatch(/^2021-11-\d\d$/); // where JMA's archive starts, not a year back
    expect(served.summary).toMatch(
      /^interval calibration balanced-band on 2021-11-\d\d \.\. 2022-02-28 \(\d+ held-out/,
    );
  }, 120_000);
});
