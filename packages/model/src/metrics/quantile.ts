/**
 * The `alpha` quantile of `values` (linear interpolation between order statistics, as numpy's
 * default and LightGBM's leaf renewal do). Sorts a copy; NaN values are not allowed.
 */
export function quantileOf(values: ArrayLike<number>, alpha: number): number {
  if (values.length === 0) throw new RangeError('quantile of zero values');
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`quantile level ${alpha}: expected 0 ≤ alpha ≤ 1`);
  return quantileOfSorted(Float64Array.from(values).sort(), alpha);
}

/** As `quantileOf` on values already sorted ascending (no copy). */
export function quantileOfSorted(sorted: ArrayLike<number>, alpha: number): number {
  const position = alpha * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const fraction = position - below;
  return sorted[below]! + fraction * (sorted[above]! - sorted[below]!);
}
