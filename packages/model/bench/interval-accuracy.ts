/**
 * The 80 % interval on ex-ante 2023 (trained through 2022), for `model:accuracy`: coverage overall
 * and per season, mean pinball loss over p10/p50/p90 and mean width, for the interval methods
 * (`INTERVAL_METHODS`) beside two constant bands around the same p50: issue #15's naive band (the
 * training residuals' 10th/90th percentiles, in-sample) with its targets MET/MISSED, and the
 * out-of-sample naive band (the held-out ex-ante residuals' 10th/90th percentiles: what a user gets
 * without a model of uncertainty); then the constant band 2023 itself would have needed (hindsight,
 * not a forecast) and the band's width and coverage by day type (does it widen on hard days?).
 */
import { transform, type AsOfSources } from '@powercast/features';
import {
  backtestAsOf,
  calibrateExAnte,
  calibrateIntervals,
  calibratedInterval,
  calibrationDayOf,
  defaultIntervalMethod,
  exAnteLeadDays,
  intervalMetrics,
  quantileOf,
  seasonOf,
  INTERVAL_METHODS,
  type BacktestAsOfResult,
  type IntervalCalibration,
  type IntervalMethod,
  type LeadCalibrationDay,
  type PredictionInterval,
  type Season,
} from '../src/index.js';

const TRAIN_UNTIL = '2022-12-31';
const SEASON_NAMES: Record<Season, string> = {
  winter: 'Dec–Feb',
  spring: 'Mar–May',
  summer: 'Jun–Aug',
  autumn: 'Sep–Nov',
};

export interface IntervalAccuracy {
  /** Wall time of the held-out calibration run (leads included), of the 2023 run with quantile models and of the 2023 lead runs, ms. */
  calibrationMs: number;
  backtestMs: number;
  leadsMs: number;
}

const pct = (share: number): string => `${(100 * share).toFixed(1)} %`;

export function printIntervalAccuracy(sources: AsOfSources): IntervalAccuracy {
  const started = performance.now();
  const held = calibrateExAnte({ sources, trainUntil: TRAIN_UNTIL, leads: true });
  const calibrated = performance.now();
  // One 2023 run with the uncalibrated band; each method's calibration is applied to the same days.
  const result = backtestAsOf({
    sources,
    trainUntil: TRAIN_UNTIL,
    from: '2023-01-01',
    to: '2023-12-31',
    config: { quantiles: {} },
  });
  const done = performance.now();
  const days = result.model.predictions.map(calibrationDayOf);
  const actual = days.map((day) => day.actual);

  // Naive: the 2023 model's residuals on its own training days (in-sample), 10th/90th percentiles around p50.
  const model = result.trainedModel;
  const trainRows = sources.daily.filter(`d => d.date <= '${result.window.trainUntil}'`);
  const fitted = model.predictTable(trainRows);
  const trainActual = trainRows.array(model.spec.config.target) as ArrayLike<number | null>;
  const residuals = fitted.flatMap((prediction, r) => {
    const value = trainActual[r];
    return typeof value === 'number' && Number.isFinite(value) ? [value - prediction.peak] : [];
  });
  const naiveLow = quantileOf(residuals, 0.1);
  const naiveHigh = quantileOf(residuals, 0.9);
  const naive: PredictionInterval[] = days.map((day) => ({
    p10: day.peak + naiveLow,
    p50: day.peak,
    p90: day.peak + naiveHigh,
  }));
  // Out-of-sample naive: the held-out ex-ante residuals' 10th/90th percentiles, the same calibration data the methods use.
  const heldResiduals = held.days.map((day) => day.actual - day.peak);
  const heldLow = quantileOf(heldResiduals, 0.1);
  const heldHigh = quantileOf(heldResiduals, 0.9);
  const heldNaive: PredictionInterval[] = days.map((day) => ({
    p10: day.peak + heldLow,
    p50: day.peak,
    p90: day.peak + heldHigh,
  }));
  // Hindsight: 2023's own residual percentiles, the narrowest constant band that covers 80 % of 2023.
  const ownResiduals = days.map((day) => day.actual - day.peak);
  const ownLow = quantileOf(ownResiduals, 0.1);
  const ownHigh = quantileOf(ownResiduals, 0.9);
  const hindsight: PredictionInterval[] = days.map((day) => ({
    p10: day.peak + ownLow,
    p50: day.peak,
    p90: day.peak + ownHigh,
  }));
  const bands = new Map<IntervalMethod, PredictionInterval[]>(
    INTERVAL_METHODS.map((method) => {
      const calibration = calibrateIntervals(held.days, method);
      return [method, days.map((day) => calibratedInterval(day, calibration))];
    }),
  );
  const naiveMetrics = intervalMetrics(actual, naive);
  const heldNaiveMetrics = intervalMetrics(actual, heldNaive);

  console.log(
    `\n### 80 % interval, ex-ante 2023 (train ..${result.window.trainUntil}; calibrated on ${held.calibration.window.from}..${held.calibration.window.to}, ${held.calibration.window.nDays} held-out ex-ante days answered by models retrained monthly, the first trained through ${addDays(held.calibration.window.from, -2)})`,
  );
  console.log(
    `naive band: in-sample training residuals ${naiveLow.toFixed(1)} / +${naiveHigh.toFixed(1)} 万kW around p50 (${residuals.length} days); ` +
      `held-out naive: the calibration days' ex-ante residuals ${heldLow.toFixed(1)} / +${heldHigh.toFixed(1)} (${heldResiduals.length} days); ` +
      `hindsight: 2023's own ${ownLow.toFixed(1)} / +${ownHigh.toFixed(1)}\n`,
  );
  const seasons: Season[] = ['winter', 'spring', 'summer', 'autumn'];
  console.log(
    `| band | coverage | ${seasons.map((s) => SEASON_NAMES[s]).join(' | ')} | pinball p10 / p50 / p90 | mean pinball | vs naive | vs held-out naive | mean width 万kW | vs naive | vs held-out naive |`,
  );
  console.log('|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|');
  const rows: [string, PredictionInterval[]][] = [
    ['naive (training residuals)', naive],
    ['naive, held-out (ex-ante residuals)', heldNaive],
    ['*constant, 2023 hindsight*', hindsight],
    ...INTERVAL_METHODS.map((method): [string, PredictionInterval[]] => [
      method === defaultIntervalMethod ? `**${method}** (kept)` : method,
      bands.get(method)!,
    ]),
  ];
  for (const [name, intervals] of rows) {
    const m = intervalMetrics(actual, intervals);
    const bySeason = seasons.map((season) => {
      const idx = days.flatMap((day, i) => (seasonOf(day.date) === season ? [i] : []));
      return pct(
        intervalMetrics(
          idx.map((i) => actual[i]!),
          idx.map((i) => intervals[i]!),
        ).coverage,
      );
    });
    const p = m.pinball;
    console.log(
      `| ${name} | ${pct(m.coverage)} | ${bySeason.join(' | ')} | ${p.p10.toFixed(1)} / ${p.p50.toFixed(1)} / ${p.p90.toFixed(1)} | ${p.mean.toFixed(2)} | ${signedPct(p.mean / naiveMetrics.pinball.mean - 1)} | ${signedPct(p.mean / heldNaiveMetrics.pinball.mean - 1)} | ${m.meanWidth.toFixed(1)} | ${signedPct(m.meanWidth / naiveMetrics.meanWidth - 1)} | ${signedPct(m.meanWidth / heldNaiveMetrics.meanWidth - 1)} |`,
    );
  }
  const kept = bands.get(defaultIntervalMethod)!;
  const keptMetrics = intervalMetrics(actual, kept);
  const seasonCoverage = seasons.map((season) => {
    const idx = days.flatMap((day, i) => (seasonOf(day.date) === season ? [i] : []));
    return intervalMetrics(
      idx.map((i) => actual[i]!),
      idx.map((i) => kept[i]!),
    ).coverage;
  });
  const pinballChange = keptMetrics.pinball.mean / naiveMetrics.pinball.mean - 1;
  const widthChange = keptMetrics.meanWidth / naiveMetrics.meanWidth - 1;
  const inRange = (value: number, low: number, high: number): string =>
    value >= low && value <= high ? 'MET' : 'MISSED';
  console.log(
    `\ninterval targets (${defaultIntervalMethod}): coverage 78–82 % ${inRange(keptMetrics.coverage, 0.78, 0.82)} (${pct(keptMetrics.coverage)}); ` +
      `per season 76–84 % ${seasonCoverage.every((c) => c >= 0.76 && c <= 0.84) ? 'MET' : 'MISSED'} (${seasonCoverage.map(pct).join(', ')}); ` +
      `pinball ≤ −15 % vs naive ${pinballChange <= -0.15 ? 'MET' : 'MISSED'} (${signedPct(pinballChange)}); ` +
      `width ≤ −10 % vs naive ${widthChange <= -0.1 ? 'MET' : 'MISSED'} (${signedPct(widthChange)})`,
  );
  const tails = (m: ReturnType<typeof intervalMetrics>): number => (m.pinball.p10 + m.pinball.p90) / 2;
  const raw = intervalMetrics(actual, bands.get('quantile-band')!);
  console.log(
    `${defaultIntervalMethod} vs the held-out naive band (no target): mean pinball ${signedPct(keptMetrics.pinball.mean / heldNaiveMetrics.pinball.mean - 1)}, ` +
      `p10/p90 pinball ${signedPct(tails(keptMetrics) / tails(heldNaiveMetrics) - 1)} (${tails(keptMetrics).toFixed(2)} vs ${tails(heldNaiveMetrics).toFixed(2)}), ` +
      `width ${signedPct(keptMetrics.meanWidth / heldNaiveMetrics.meanWidth - 1)}; vs the quantile band as is: p10/p90 pinball ` +
      `${signedPct(tails(keptMetrics) / tails(raw) - 1)}, width ${signedPct(keptMetrics.meanWidth / raw.meanWidth - 1)}`,
  );

  // Does the band widen on hard days? Mean width of the kept band by day type (observed weather of D).
  const matrix = transform(sources.daily, model.spec);
  const column = (name: string): number => matrix.featureNames.indexOf(name);
  const rowOf = new Map(matrix.dates.map((date, r) => [date, r]));
  const weather = new Map(
    (sources.daily.array('date') as string[]).map((date, i) => [
      date,
      String((sources.daily.array('weather_day') as unknown[])[i] ?? ''),
    ]),
  );
  const width = matrix.featureNames.length;
  const value = (date: string, name: string): number => matrix.values[rowOf.get(date)! * width + column(name)]!;
  const types: [string, (date: string) => boolean][] = [
    [
      'public holiday / year-end / Obon / Golden Week',
      (d) => ['holiday', 'year_end', 'obon', 'golden_week'].some((n) => value(d, n) === 1),
    ],
    ['weekend', (d) => value(d, 'weekend') === 1],
    ['hot (observed max ≥ 33 °C)', (d) => value(d, 'max_temp') >= 33],
    ['cold (observed max ≤ 8 °C)', (d) => value(d, 'max_temp') <= 8],
    ['snow (observed 雪)', (d) => (weather.get(d) ?? '').includes('雪')],
    [
      'ordinary working day (none of the above, max 12–28 °C)',
      (d) => value(d, 'day_off') === 0 && value(d, 'max_temp') > 12 && value(d, 'max_temp') < 28,
    ],
  ];
  const rawBand = bands.get('quantile-band')!;
  console.log(
    `\n| day type (2023) | days | mean width ${defaultIntervalMethod} | naive | coverage | coverage quantile-band | mean abs error |`,
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const [name, test] of types) {
    const idx = days.flatMap((day, i) => (rowOf.has(day.date) && test(day.date) ? [i] : []));
    if (idx.length === 0) continue;
    const m = intervalMetrics(
      idx.map((i) => actual[i]!),
      idx.map((i) => kept[i]!),
    );
    const rawCoverage = intervalMetrics(
      idx.map((i) => actual[i]!),
      idx.map((i) => rawBand[i]!),
    ).coverage;
    const mae = idx.reduce((sum, i) => sum + Math.abs(actual[i]! - days[i]!.peak), 0) / idx.length;
    console.log(
      `| ${name} | ${idx.length} | ${m.meanWidth.toFixed(1)} | ${(naiveHigh - naiveLow).toFixed(1)} | ${pct(m.coverage)} | ${pct(rawCoverage)} | ${mae.toFixed(1)} |`,
    );
  }
  const leadsStarted = performance.now();
  printLeadAccuracy(sources, result.trainedModel, held);
  return {
    calibrationMs: calibrated - started,
    backtestMs: done - calibrated,
    leadsMs: performance.now() - leadsStarted,
  };
}

/**
 * By lead (every 18:00 issue of 2023, D+1..D+7, the 2023 model): the band as the trainer serves it
 * (no calibration; leads 2–7 widened by JMA's weekly range), the kept calibration (D+1's and each lead's
 * against D+1, set on the held-out year), and a constant band per lead from the held-out year's residuals.
 */
function printLeadAccuracy(
  sources: AsOfSources,
  model: BacktestAsOfResult['trainedModel'],
  held: ReturnType<typeof calibrateExAnte>,
): void {
  const run = (calibration: IntervalCalibration | null): LeadCalibrationDay[] =>
    exAnteLeadDays({
      model: model.withIntervalCalibration(calibration),
      sources,
      from: '2023-01-01',
      to: '2023-12-31',
    });
  const served = run(null);
  const kept = run(held.calibration);
  const heldLeads = held.leadDays ?? [];
  console.log(
    `\n### 80 % interval by lead, 2023 (every 18:00 issue, the 2023 model; leads 2–7 calibrated against D+1 on ${held.calibration.window.from}..${held.calibration.window.to})\n`,
  );
  console.log(
    '| lead | days | served (no calibration): coverage / p10·p90 pinball / width | kept: coverage / p10·p90 pinball / width | held-out constant: coverage / p10·p90 pinball / width | kept factors lower / upper |',
  );
  console.log('|---|---:|---|---|---|---|');
  const leads = [...new Set(served.map((day) => day.leadDays))].sort((a, b) => a - b);
  const cells = (group: readonly LeadCalibrationDay[]): string => {
    const m = intervalMetrics(
      group.map((day) => day.actual),
      group.map((day) => day.interval),
    );
    return `${pct(m.coverage)} / ${((m.pinball.p10 + m.pinball.p90) / 2).toFixed(1)} / ${m.meanWidth.toFixed(0)}`;
  };
  for (const lead of leads) {
    const ofLead = (days: readonly LeadCalibrationDay[]): LeadCalibrationDay[] =>
      days.filter((day) => day.leadDays === lead);
    const heldResiduals = ofLead(heldLeads).map((day) => day.actual - day.interval.p50);
    const low = heldResiduals.length > 0 ? quantileOf(heldResiduals, 0.1) : Number.NaN;
    const high = heldResiduals.length > 0 ? quantileOf(heldResiduals, 0.9) : Number.NaN;
    const constant = ofLead(served).map((day) => ({
      ...day,
      interval: { p10: day.interval.p50 + low, p50: day.interval.p50, p90: day.interval.p50 + high },
    }));
    const factors = held.calibration.leads?.find((entry) => entry.leadDays === lead);
    console.log(
      `| D+${lead} | ${ofLead(served).length} | ${cells(ofLead(served))} | ${cells(ofLead(kept))} | ${cells(constant)} | ${factors ? `${factors.lower.toFixed(2)} / ${factors.upper.toFixed(2)}` : 'D+1 calibration'} |`,
    );
  }
}

function signedPct(change: number): string {
  return `${change >= 0 ? '+' : '−'}${Math.abs(100 * change).toFixed(1)} %`;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
