import { createHash } from 'node:crypto';
import type { ColumnTable } from 'arquero';

/**
 * sha256 of the table's canonical form: columns sorted by name, one JSON array per row in row
 * order. Column order does not change it; any value, row or column name change does.
 */
export function datasetFingerprint(table: ColumnTable): string {
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

function canonical(value: unknown): unknown {
  if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) return null;
  return value;
}
