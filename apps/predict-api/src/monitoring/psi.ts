/**
 * Population stability index between a reference distribution and an observed one, both given
 * as shares over the same bins: Σ (observed − expected) · ln(observed / expected).
 * Empty bins are floored at `epsilon` so a bin that is empty on one side gives a large but finite
 * value. Common reading: < 0.1 stable, 0.1–0.2 moderate shift, > 0.2 significant shift.
 */
export function populationStabilityIndex(expected: readonly number[], observed: readonly number[], epsilon = 1e-4): number {
  if (expected.length !== observed.length) {
    throw new RangeError(`PSI needs the same bins on both sides: expected has ${expected.length}, observed ${observed.length}`);
  }
  let psi = 0;
  for (let i = 0; i < expected.length; i += 1) {
    const e = Math.max(expected[i] as number, epsilon);
    const o = Math.max(observed[i] as number, epsilon);
    psi += (o - e) * Math.log(o / e);
  }
  return psi;
}

/**
 * Shares of `values` in the bins cut at ascending `edges` (bin i holds edges[i-1] < v ≤ edges[i];
 * the last bin is open above). NaN values are left out; with none left, all shares are 0.
 */
export function binShares(values: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  let total = 0;
  for (const value of values) {
    if (Number.isNaN(value)) continue;
    let bin = 0;
    while (bin < edges.length && value > (edges[bin] as number)) bin += 1;
    counts[bin] = (counts[bin] as number) + 1;
    total += 1;
  }
  return counts.map((count) => (total === 0 ? 0 : count / total));
}
