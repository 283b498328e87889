/** A row-major numeric matrix: `values[row * nFeatures + feature]`, NaN = missing. */
export interface DenseMatrix {
  values: Float64Array;
  nRows: number;
  nFeatures: number;
}

export class MatrixShapeError extends Error {
  override name = 'MatrixShapeError';
}

export function assertDenseMatrix(matrix: DenseMatrix, targetLength?: number): void {
  const { values, nRows, nFeatures } = matrix;
  if (!Number.isInteger(nRows) || nRows < 0 || !Number.isInteger(nFeatures) || nFeatures < 1) {
    throw new MatrixShapeError(`matrix shape must be non-negative integers, got nRows=${nRows} nFeatures=${nFeatures}`);
  }
  if (values.length !== nRows * nFeatures) {
    throw new MatrixShapeError(
      `matrix values has length ${values.length}, expected nRows*nFeatures = ${nRows * nFeatures}`,
    );
  }
  if (targetLength !== undefined && targetLength !== nRows) {
    throw new MatrixShapeError(`target has length ${targetLength}, expected one value per row (${nRows})`);
  }
}

/** Builds a DenseMatrix from an array of rows (tests, small inputs). */
export function denseMatrixFromRows(rows: ArrayLike<number>[], nFeatures?: number): DenseMatrix {
  const width = nFeatures ?? (rows.length > 0 ? rows[0].length : 0);
  const values = new Float64Array(rows.length * width);
  rows.forEach((row, r) => {
    if (row.length !== width) throw new MatrixShapeError(`row ${r} has ${row.length} values, expected ${width}`);
    for (let f = 0; f < width; f++) values[r * width + f] = row[f];
  });
  return { values, nRows: rows.length, nFeatures: width };
}

export function matrixRow(matrix: DenseMatrix, row: number): number[] {
  return Array.from(matrix.values.subarray(row * matrix.nFeatures, (row + 1) * matrix.nFeatures));
}
