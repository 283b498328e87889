import { createHash } from 'node:crypto';

/** The part of a column table the fingerprint reads (an Arquero `ColumnTable` is one). */
export interface FingerprintTable {
  columnNames(): string[];
  numRows(): number;
  array(name: string): ArrayLike<unknown>;
}

/**
 * sha256 of the table's canonical form: columns sorted by name, one JSON array per row in row
 * order. Column order does not change it; any value, row or column name change does.
 *
 * A model document's `training.dataFingerprint` is this hash, computed here so that the model
 * needs no data loader (and no S3 SDK); it is the hash @powercast/data-loaders writes to the
 * LoadData step's `fingerprint.txt` (a model test checks both agree), so equal data is recognised as
 * equal wherever it was hashed.
 */
export function datasetFingerprint(table: FingerprintTable): string {
  const names = [...table.columnNames()].sort();
  const columns = names.map((name) => table.array(name));
  const hash = createHash('sha256');
  hash.update(JSON.stringify(names));
  const rows = table.numRows();
  for (let row = 0; row < rows; row++) {
    hash.update('\n');
    hash.update(JSON.stringify(columns.map((column) => canonical(column[row]))));
  }
  return hash.digest('hex');
}

/** `undefined` and NaN both mean "missing" and hash as JSON null, like a null cell. */
function canonical(value: unknown): unknown {
  if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) return null;
  return value;
}
