/** Seeded PRNG (mulberry32): same seed → same stream on every platform. Returns floats in [0, 1). */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * k distinct integers from [0, n), ascending (partial Fisher–Yates). The chosen values are read
 * back in order from a membership mask rather than sorted: same result, O(n) instead of O(k log k)
 * (row subsampling draws most of the rows for every tree).
 */
export function sampleWithoutReplacement(n: number, k: number, random: () => number, scratch?: Int32Array): Int32Array {
  const pool = scratch && scratch.length >= n ? scratch : new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (n - i));
    const tmp = pool[i];
    pool[i] = pool[j];
    pool[j] = tmp;
  }
  const chosen = new Uint8Array(n);
  for (let i = 0; i < k; i++) chosen[pool[i]] = 1;
  const out = new Int32Array(k);
  for (let value = 0, w = 0; w < k; value++) if (chosen[value] === 1) out[w++] = value;
  return out;
}
