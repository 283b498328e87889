import type { AsOfSources } from '@powercast/features';
import type { ForecastTrainingOptions, IntervalCalibration } from '@powercast/model';
import type { IntervalCalibrationSetting } from '../config/schema.js';
import { EX_ANTE_ISSUE_TIME } from './test-window-evaluation.js';

export interface ServedCalibrationInput {
  /** What TrainModel trained on (its as-of sources: the held-out days are among them). */
  sources: AsOfSources;
  /** The served model's last training day: the held-out year ends here. */
  trainUntil: string;
  /** The served model's configuration (its quantile settings included). */
  config: ForecastTrainingOptions;
  method: IntervalCalibrationSetting;
}

export interface ServedCalibration {
  /** Null: the served band is the quantile models' as is (`summary` says why). */
  calibration: IntervalCalibration | null;
  /** One line for the step's log: the method and the window, or why there is no calibration. */
  summary: string;
}

/**
 * The calibration TrainModel stores with the served model: `calibrateExAnte` on the held-out ex-ante
 * year before the train end (models retrained quarterly answer it as of 18:00 JST on D−1). Too few
 * held-out days with a JMA forecast (the archive starts 2021-11-04) is not an error: the model is
 * served uncalibrated and the summary says so.
 */
export async function calibrateServedInterval(input: ServedCalibrationInput): Promise<ServedCalibration> {
  const uncalibrated = "the served 80 % band is the quantile models' as is";
  if (input.method === 'none')
    return { calibration: null, summary: `interval calibration: none (interval_calibration=none): ${uncalibrated}` };
  const { calibrateExAnte, exAnteCalibrationWindow, MIN_CALIBRATION_DAYS } = await import('@powercast/model');
  const { sources, trainUntil, config } = input;
  const window = exAnteCalibrationWindow({ sources, trainUntil, issueTime: EX_ANTE_ISSUE_TIME });
  if (window.nDays < MIN_CALIBRATION_DAYS)
    return {
      calibration: null,
      summary:
        `interval calibration: none: ${window.nDays} held-out days with a JMA forecast as of ${EX_ANTE_ISSUE_TIME} JST on D−1 ` +
        `in the year through ${trainUntil}, at least ${MIN_CALIBRATION_DAYS} needed; ${uncalibrated}`,
    };
  const { calibration } = calibrateExAnte({
    sources,
    trainUntil,
    issueTime: EX_ANTE_ISSUE_TIME,
    config,
    method: input.method,
  });
  return { calibration, summary: `interval calibration ${describeIntervalCalibration(calibration)}` };
}

/** `balanced-band on 2022-10-01 .. 2023-09-30 (365 held-out ex-ante days, retrained quarterly): …` */
export function describeIntervalCalibration(calibration: IntervalCalibration): string {
  const { window, seasons, hardDays } = calibration;
  const retrain = window.retrain === undefined ? '' : `, retrained ${window.retrain}`;
  // balanced-band scales every season alike; the winter entry stands for all four.
  const sides = `band sides × ${seasons.winter.lower.toFixed(3)} below / ${seasons.winter.upper.toFixed(3)} above`;
  const hard = hardDays
    ? `, hard days × ${hardDays.lower.toFixed(3)} / ${hardDays.upper.toFixed(3)} more (${hardDays.nDays} days)`
    : '';
  return `${calibration.method} on ${window.from} .. ${window.to} (${window.nDays} held-out ex-ante days${retrain}): ${calibration.method === 'balanced-band' ? sides + hard : 'per season'}`;
}
