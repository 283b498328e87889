/** Standard-normal 90th percentile: the half-width of an 80 % band in standard deviations. */
const Z90 = 1.2815515655446004;

/** One temperature shift's answers: its weight, the point peaks and each quantile level's peaks per row. */
export interface ShiftAnswers {
  weight: number;
  peaks: ArrayLike<number>;
  /** Per level (ascending), per row; sorted across levels per row before use. */
  quantiles: readonly Float64Array[];
}

export interface RawSpreads {
  lower: Float64Array;
  upper: Float64Array;
}

/**
 * The uncalibrated band around each row's point answer: the quantile models' distance from their
 * median to p10 and to p90, averaged over the temperature shifts, combined in quadrature with the
 * spread of the point answer over those shifts (JMA's temperature error, already averaged for the
 * point: 80 % of a normal error lies within ±1.28 σ). The second part is what widens the band on
 * days whose demand answers temperature steeply (heat, cold); the first what the trees learned
 * about hard day types (holidays, snow). `scale[r]` multiplies the first part (the level of a
 * levelled weather+calendar answer).
 */
export function rawSpreads(
  levels: readonly number[],
  runs: readonly ShiftAnswers[],
  center: ArrayLike<number>,
  scale?: ArrayLike<number>,
): RawSpreads {
  const i10 = levels.indexOf(0.1);
  const i50 = levels.indexOf(0.5);
  const i90 = levels.indexOf(0.9);
  if (i10 < 0 || i50 < 0 || i90 < 0)
    throw new RangeError(`an 80 % interval needs quantile levels 0.1, 0.5 and 0.9, got ${levels.join(', ')}`);
  const n = center.length;
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  const row = new Float64Array(levels.length);
  for (let r = 0; r < n; r++) {
    let below = 0;
    let above = 0;
    let variance = 0;
    for (const run of runs) {
      for (let k = 0; k < levels.length; k++) row[k] = run.quantiles[k]![r]!;
      row.sort(); // quantile models fitted one by one may cross; their sorted values never do
      below += run.weight * (row[i50]! - row[i10]!);
      above += run.weight * (row[i90]! - row[i50]!);
      variance += run.weight * (run.peaks[r]! - center[r]!) ** 2;
    }
    const factor = scale?.[r] ?? 1;
    const temperature = Z90 * Math.sqrt(variance);
    lower[r] = Math.hypot(below * factor, temperature);
    upper[r] = Math.hypot(above * factor, temperature);
  }
  return { lower, upper };
}
