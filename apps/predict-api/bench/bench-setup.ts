/**
 * What every predict-api benchmark does before its load: read its command line, train the model
 * it serves, and build the request bodies; and the load average it reports with its figures.
 */
import { cpus, loadavg } from 'node:os';
import {
  helpText,
  parseCommandLine,
  realDataDir,
  reportError,
  resolveUserPath,
  type CliCommand,
  type CliIo,
  type CliOptions,
  type CommandLine,
} from '@powercast/contracts/cli';
import { trainRealArtifact, trainSyntheticArtifact } from '../test/support/trained-model.js';

export type BenchOptions<O extends CliOptions> = Extract<CommandLine<O>, { help: false }>['values'];

/** The parsed options; prints the help and exits 0 on --help, prints the error and exits 2 on a bad command line. */
export function benchCommandLine<O extends CliOptions>(command: CliCommand<O>, io: CliIo): BenchOptions<O> {
  try {
    const line = parseCommandLine(command, process.argv.slice(2));
    if (line.help) {
      io.err(helpText(command));
      process.exit(0);
    }
    return line.values;
  } catch (error) {
    process.exit(reportError(error, io));
  }
}

/** Exits 2 with `${command}: ${expected}` unless `ok` (option values the parser cannot check). */
export function requireOptions(command: CliCommand, io: CliIo, ok: boolean, expected: string): void {
  if (ok) return;
  io.err(`${command.name}: ${expected}`);
  process.exit(2);
}

/**
 * The served model, trained with the default (production) hyperparameters on --data-dir,
 * POWERCAST_DATA_DIR or ../shared/data, else on the synthetic table with a notice naming `bench`.
 */
export async function benchModel(
  dataDirOption: string | undefined,
  io: CliIo,
  bench: string,
): Promise<{ modelDir: string; realData: boolean }> {
  const dataDir = dataDirOption === undefined ? realDataDir(io) : resolveUserPath(dataDirOption, io);
  if (!dataDir)
    console.warn(`${bench}: no data (POWERCAST_DATA_DIR, ../shared/data); training on the synthetic table instead.`);
  const { artifact } = dataDir ? await trainRealArtifact(dataDir, 'production') : await trainSyntheticArtifact();
  return { modelDir: artifact.dir, realData: dataDir !== undefined };
}

/**
 * Single-record bodies, a day of 2023 each (dates, temperatures and weather of a year, repeated
 * past 365), so coalescing meets neighbouring dates as real traffic would rather than one body.
 */
export function singleRecordBodies(count = 365): string[] {
  const weathers = ['晴', '曇', '雨', '晴後曇', '曇一時雨', '快晴', '雪'];
  return Array.from({ length: count }, (_, i) => {
    const day = i % 365;
    const date = new Date(Date.UTC(2023, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
    const maxTemp = Math.round(18 - 10 * Math.cos((day / 365) * 2 * Math.PI) + ((day * 7) % 5));
    return JSON.stringify({
      date,
      max_temp: maxTemp,
      min_temp: maxTemp - 6 - (day % 4),
      weather: weathers[i % weathers.length],
    });
  });
}

/** `1.2 0.8 0.5 on 2 cores`: the 1, 5 and 15 minute load averages. */
export function loadAverageText(): string {
  return `${loadavg()
    .map((load) => load.toFixed(1))
    .join(' ')} on ${cpus().length} cores`;
}
