import type { EncodableColumn, EncoderName } from './config.js';

/**
 * An encoder fitted on training rows: the categories it saw, in a deterministic order
 * (numeric columns numerically, text by code point), as plain JSON.
 */
export interface FittedEncoderState {
  name: EncoderName;
  column: EncodableColumn;
  categories: string[];
}

/** Encoded value for a category the encoder never saw (the reference library's default). */
export const ORDINAL_UNKNOWN = -1;

function compareCategories(column: EncodableColumn): (a: string, b: string) => number {
  if (column === 'weather_category') return (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  return (a, b) => Number(a) - Number(b);
}

/** Fit one encoder on the values of its column in the training rows. */
export function fitEncoder(name: EncoderName, column: EncodableColumn, values: Iterable<string>): FittedEncoderState {
  const categories = [...new Set(values)].sort(compareCategories(column));
  return { name, column, categories };
}

/** Matrix columns an encoder produces: `weather_category_晴れ`, … for One-Hot, the column itself for Ordinal. */
export function encoderOutputNames(state: FittedEncoderState): string[] {
  return state.name === 'One-Hot' ? state.categories.map((c) => `${state.column}_${c}`) : [state.column];
}

const categoryIndexCache = new WeakMap<FittedEncoderState, Map<string, number>>();

/** Position of a category in the fitted list, or -1 when unseen. */
export function categoryIndex(state: FittedEncoderState, category: string): number {
  let index = categoryIndexCache.get(state);
  if (!index) {
    index = new Map(state.categories.map((c, i) => [c, i]));
    categoryIndexCache.set(state, index);
  }
  return index.get(category) ?? -1;
}

/**
 * Write the encoding of one value at `out[offset..]`: a one-hot block (all zeros when unseen)
 * or the ordinal code (-1 when unseen). Never throws for unseen categories.
 */
export function encodeInto(state: FittedEncoderState, category: string, out: Float64Array, offset: number): void {
  const k = categoryIndex(state, category);
  if (state.name === 'Ordinal') {
    out[offset] = k;
    return;
  }
  out.fill(0, offset, offset + state.categories.length);
  if (k >= 0) out[offset + k] = 1;
}
