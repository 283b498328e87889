import { describe, expect, it } from 'vitest';
import { createRng, sampleWithoutReplacement } from './rng.js';

/** The partial Fisher–Yates draw, sorted: what the sample must equal for the same random stream. */
function sortedDraw(n: number, k: number, random: () => number): number[] {
  const pool = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (n - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, k).sort((a, b) => a - b);
}

describe('sampleWithoutReplacement', () => {
  it.each([
    [10, 0],
    [10, 3],
    [2800, 2240],
    [46, 23],
    [5, 5],
  ])('draws %i choose %i: distinct, ascending, the same values as sorting the Fisher–Yates prefix', (n, k) => {
    const sample = Array.from(sampleWithoutReplacement(n, k, createRng(7)));
    expect(sample).toEqual(sortedDraw(n, k, createRng(7)));
    expect(new Set(sample).size).toBe(k);
    expect(sample.every((value) => value >= 0 && value < n)).toBe(true);
  });

  it('reuses a scratch buffer without changing the answer', () => {
    const scratch = new Int32Array(100).fill(-1);
    expect(Array.from(sampleWithoutReplacement(50, 20, createRng(3), scratch))).toEqual(
      Array.from(sampleWithoutReplacement(50, 20, createRng(3))),
    );
  });
});
