import type { DenseMatrix } from '../tree/dense-matrix.js';

/** Indices of `subset` names within `all`; throws naming the first missing one. */
export function columnIndices(all: readonly string[], subset: readonly string[], where: string): Int32Array {
  const position = new Map(all.map((name, i) => [name, i]));
  return Int32Array.from(subset, (name) => {
    const i = position.get(name);
    if (i === undefined) throw new RangeError(`${where}: feature '${name}' is not among the matrix columns`);
    return i;
  });
}

/** The rows `rows` and columns `columns` of a row-major matrix, as a new dense matrix. */
export function selectMatrix(
  values: Float64Array,
  nFeatures: number,
  rows: ArrayLike<number>,
  columns: Int32Array,
): DenseMatrix {
  const out = new Float64Array(rows.length * columns.length);
  for (let i = 0; i < rows.length; i++) {
    const base = rows[i] * nFeatures;
    for (let k = 0; k < columns.length; k++) out[i * columns.length + k] = values[base + columns[k]];
  }
  return { values: out, nRows: rows.length, nFeatures: columns.length };
}
