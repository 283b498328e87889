import type { ColumnTable } from 'arquero';
import { escape } from 'arquero';

export function dateColumn(table: ColumnTable): string[] {
  return Array.from(table.array('date') as ArrayLike<unknown>, (d, i) => {
    if (typeof d !== 'string') throw new TypeError(`row ${i}: date ${JSON.stringify(d)} is not a 'YYYY-MM-DD' string`);
    return d;
  });
}

/** The target column as numbers, NaN where unknown (null). */
export function numericColumn(table: ColumnTable, column: string): Float64Array {
  if (!table.columnNames().includes(column)) throw new RangeError(`the daily table has no '${column}' column`);
  return Float64Array.from(table.array(column) as ArrayLike<unknown>, (v) => (typeof v === 'number' ? v : NaN));
}

/** Rows with from <= date <= to (ISO strings compare in date order). */
export function rowsBetween(table: ColumnTable, from: string | undefined, to: string | undefined): ColumnTable {
  return table.filter(
    escape((d: { date: string }) => (from === undefined || d.date >= from) && (to === undefined || d.date <= to)),
  );
}
