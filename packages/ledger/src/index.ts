// @powercast/ledger: the forecast ledger (issue #16). Append-only records in an ArtifactStore,
// one create-only object per forecast and per score; read back joined, as a table or as CSV.
export type { LedgerStore } from './ledger-store.js';
export { appendForecast, appendScore, type AppendResult } from './append.js';
export { readLedger, joinLedger, unscoredBefore, type ReadLedgerOptions } from './read-ledger.js';
export { ledgerCsv, ledgerTable } from './ledger-table.js';
export { LEDGER_PREFIX, recordKey, type LedgerRecordKind } from './ledger-keys.js';
export { ledgerForecastSchema, ledgerScoreSchema } from './ledger-records.js';
export { InvalidLedgerRecordError, LedgerCorruptError, UnknownForecastError } from './errors.js';
