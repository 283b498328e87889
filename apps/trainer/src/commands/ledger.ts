import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { LedgerRow } from '@powercast/contracts';
import * as ledger from '@powercast/ledger';
import {
  EXIT,
  UsageError,
  defineCommand,
  helpText,
  parseCommandLine,
  resolveUserPath,
  type CliIo,
} from '@powercast/contracts/cli';
import { CONFIG_OPTION, PATH_NOTE, dataDirOption, loadSettings, storeOption, usableDataDir } from '../settings.js';

export const LEDGER_COMMAND = defineCommand({
  name: 'trainer ledger',
  summary:
    'The forecast ledger of a store: list its records, export them as CSV, or score every forecast whose actual is in the data.\nlist and export read ledger/ only; score also reads the data folder.',
  arguments: 'list | export --out FILE.csv | score',
  options: {
    store: storeOption('artifact store holding ledger/'),
    out: { type: 'string', value: 'FILE.csv', description: 'export: where the CSV goes (required)' },
    from: { type: 'string', value: 'YYYY-MM', description: 'list/export: first target month (default: the first)' },
    to: { type: 'string', value: 'YYYY-MM', description: 'list/export: last target month (default: the last)' },
    'data-dir': dataDirOption('score: '),
    config: CONFIG_OPTION,
  },
  notes: [
    PATH_NOTE,
    'CSV columns: target_date,issued_at,lead (1 = day-ahead),model_version,point,p10,p50,p90,actual,…',
  ],
});

export const LEDGER_USAGE = helpText(LEDGER_COMMAND);

const MONTH = /^\d{4}-\d{2}$/;
const SUBCOMMANDS = ['list', 'export', 'score'] as const;

const cell = (value: number | null, width: number): string =>
  (value === null ? '—' : Math.round(value).toLocaleString('en-US')).padStart(width);

/** One line per record: target, lead, issue, version, point, band, actual, error. */
function printRows(io: CliIo, rows: readonly LedgerRow[]): void {
  io.out(
    `${'target'.padEnd(12)}${'lead'.padEnd(6)}${'issued at'.padEnd(27)}${'model'.padEnd(22)}${'point'.padStart(7)}` +
      `${'p10'.padStart(7)}${'p90'.padStart(7)}${'actual'.padStart(8)}${'error'.padStart(7)}`,
  );
  for (const row of rows)
    io.out(
      `${row.targetDate.padEnd(12)}${`D+${row.lead}`.padEnd(6)}${row.issuedAt.padEnd(27)}${row.modelVersion.padEnd(22)}` +
        `${cell(row.point, 7)}${cell(row.p10, 7)}${cell(row.p90, 7)}${cell(row.actual, 8)}${cell(row.error, 7)}`,
    );
}

/** `trainer ledger list|export|score`. */
export async function ledgerCommand(argv: string[], io: CliIo): Promise<number> {
  const line = parseCommandLine(LEDGER_COMMAND, argv);
  if (line.help) {
    io.err(LEDGER_USAGE);
    return EXIT.ok;
  }
  const { values, positionals } = line;
  const subcommand = SUBCOMMANDS.find((name) => name === positionals[0]);
  if (subcommand === undefined || positionals.length > 1)
    throw new UsageError(`expected one of list, export, score; got "${positionals.join(' ')}"`);
  for (const flag of ['from', 'to'] as const) {
    const value = values[flag];
    if (value !== undefined && !MONTH.test(value)) throw new UsageError(`--${flag}: expected YYYY-MM, got "${value}"`);
  }
  const settings = loadSettings(io, { config: values.config, store: values.store });
  const window = {
    ...(values.from === undefined ? {} : { fromMonth: values.from }),
    ...(values.to === undefined ? {} : { toMonth: values.to }),
  };
  if (subcommand === 'list') {
    const rows = await ledger.readLedger(settings.store, window);
    printRows(io, rows);
    io.out(`${rows.length} records, ${rows.filter((row) => row.scoredAt !== null).length} scored`);
    return EXIT.ok;
  }
  if (subcommand === 'export') {
    if (values.out === undefined) throw new UsageError('export: --out FILE.csv is required');
    const rows = await ledger.readLedger(settings.store, window);
    const out = resolveUserPath(values.out, io);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, ledger.ledgerCsv(rows));
    io.out(`wrote ${rows.length} records to ${out}`);
    return EXIT.ok;
  }
  const dataDir = usableDataDir(settings, values['data-dir'], io);
  if (dataDir === undefined) return EXIT.usage;
  const [{ loadAsOfInputs }, { observationsOf, appendAll, instantNow }, { scoresDue, jstDate }] = await Promise.all([
    import('@powercast/data-loaders'),
    import('./daily.js'),
    import('./daily-job.js'),
  ]);
  const rows = await ledger.readLedger(settings.store, window);
  const inputs = await loadAsOfInputs({ source: dataDir, s3Client: settings.s3Client, forecasts: false });
  const now = instantNow();
  const today = jstDate(now);
  const due = scoresDue(rows, observationsOf(inputs, today), now, now);
  const { scores } = await appendAll(settings.store, [], due, () => undefined);
  io.out(`scored ${scores.length} of ${rows.filter((row) => row.scoredAt === null).length} unscored forecasts`);
  return EXIT.ok;
}
