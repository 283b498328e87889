import { UserInputError } from '@powercast/contracts';

const quote = (value: unknown): string => {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/** A record handed to the ledger does not have the shape of a LedgerForecast or LedgerScore. */
export class InvalidLedgerRecordError extends UserInputError {
  readonly kind = 'invalid-ledger-record';
  constructor(
    readonly record: 'forecast' | 'score',
    readonly field: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`ledger ${record} record, field ${field}: got ${quote(value)}, expected ${expected}`);
  }
}

/** A score was offered for a key the ledger holds no forecast of. */
export class UnknownForecastError extends UserInputError {
  readonly kind = 'unknown-ledger-forecast';
  constructor(readonly key: string) {
    super(`ledger: no forecast under ${key}; expected the forecast to be written before its score`);
  }
}

/** An object under the ledger's prefix is not a record it wrote (damaged or written by something else). */
export class LedgerCorruptError extends Error {
  constructor(
    readonly uri: string,
    readonly field: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`ledger record ${uri}, field ${field}: got ${quote(value)}, expected ${expected}`);
    this.name = 'LedgerCorruptError';
  }
}
