import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { LEDGER_CSV_COLUMNS, type LedgerRow } from '@powercast/contracts';

type LedgerColumn = (typeof LEDGER_CSV_COLUMNS)[number];
type Cell = string | number | null;

/** One row's cells under the CSV's snake_case names; quality flags joined by ";". */
function cellsOf(row: LedgerRow): Record<LedgerColumn, Cell> {
  return {
    target_date: row.targetDate,
    issued_at: row.issuedAt,
    lead: row.lead,
    model_version: row.modelVersion,
    point: row.point,
    p10: row.p10,
    p50: row.p50,
    p90: row.p90,
    actual: row.actual,
    error: row.error,
    tepco_forecast: row.tepcoForecast,
    variant: row.variant,
    weather_issue: row.weatherIssue,
    quality_flags: row.qualityFlags.join(';'),
    scored_at: row.scoredAt,
  };
}

/** The ledger as an Arquero table, one row per record, columns LEDGER_CSV_COLUMNS in order. */
export function ledgerTable(rows: readonly LedgerRow[]): ColumnTable {
  const cells = rows.map(cellsOf);
  return aq.table(Object.fromEntries(LEDGER_CSV_COLUMNS.map((name) => [name, cells.map((row) => row[name])])));
}

/** CSV of the ledger: the header LEDGER_CSV_COLUMNS, one line per record, empty cells for nulls. */
export function ledgerCsv(rows: readonly LedgerRow[]): string {
  const csv = ledgerTable(rows).toCSV();
  return csv.endsWith('\n') ? csv : `${csv}\n`;
}
