import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AsOfForecast } from '@powercast/model';
import {
  EXIT,
  UsageError,
  defineCommand,
  helpText,
  isUri,
  parseCommandLine,
  resolvePath,
  resolveUserPath,
  type CliIo,
} from '@powercast/contracts/cli';
import { PATH_NOTE, loadSettings, missingDataHelp, resolveDataDir } from '../settings.js';

export const FORECAST_COMMAND = defineCommand({
  name: 'trainer forecast',
  summary:
    "Forecasts tomorrow's peak (D+1) and D+2..D+7 (JMA's weekly forecast, lower accuracy) as of an instant, with the deployed model.\nReads only what existed at --as-of: JMA's latest issue by then, demand and temperatures so far. Prints a table, writes JSON.",
  options: {
    'as-of': {
      type: 'string',
      value: 'TIME',
      description: 'the forecast instant, ISO 8601 with offset, e.g. 2023-08-01T18:00+09:00 (required)',
    },
    'data-dir': {
      type: 'string',
      value: 'DIR|s3://…',
      description: 'the TEPCO/JMA files (default: $POWERCAST_DATA_DIR, else data_dir of the config)',
    },
    'jma-forecast': {
      type: 'string',
      value: 'FILE|URL',
      description: "a live 130000.json: its issues replace the data dir's forecast archive",
    },
    store: {
      type: 'string',
      value: 'DIR|s3://…',
      description: 'artifact store whose deployed (else newest approved) model answers (default: store of the config)',
    },
    group: {
      type: 'string',
      value: 'NAME',
      description: 'model package group (default: registry_group of the config)',
    },
    'model-dir': {
      type: 'string',
      value: 'DIR|FILE',
      description: 'a model artifact (directory or model.tar.gz) instead',
    },
    out: {
      type: 'string',
      value: 'FILE.json',
      description: 'where the JSON goes (default: .powercast/forecasts/forecast-<as-of>.json)',
    },
    config: { type: 'string', value: 'FILE', description: 'pipeline settings (default: powercast.config.yaml)' },
    'timeout-ms': { type: 'string', value: 'N', description: 'timeout for a --jma-forecast URL (default 10000)' },
  },
  notes: [
    PATH_NOTE,
    'A stale JMA issue (the latest at --as-of more than 36 h older) or a malformed file is refused (exit 2).',
  ],
});

export const FORECAST_USAGE = helpText(FORECAST_COMMAND);

/** The JSON written by `trainer forecast` (and answered by predict-api's POST /forecast). */
export interface ForecastDocument extends AsOfForecast {
  model: { version: number | null; source: string };
}

/** `trainer forecast`: the deployed model's forecast of the next 7 days as of an instant. */
export async function forecastCommand(argv: string[], io: CliIo): Promise<number> {
  const line = parseCommandLine(FORECAST_COMMAND, argv);
  if (line.help) {
    io.err(FORECAST_USAGE);
    return EXIT.ok;
  }
  const { values } = line;
  const asOf = values['as-of'];
  if (asOf === undefined) throw new UsageError('--as-of: expected a time with offset, e.g. 2023-08-01T18:00+09:00');
  if (values.store !== undefined && values['model-dir'] !== undefined)
    throw new UsageError('--store and --model-dir: give one (the deployed model of a store, or an artifact)');
  const timeoutMs = Number(values['timeout-ms'] ?? '10000');
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    throw new UsageError(`--timeout-ms: expected a positive integer, got "${values['timeout-ms']}"`);
  // The model package first: it checks --as-of before any file is read.
  const [model, loaders] = await Promise.all([import('@powercast/model'), import('@powercast/data-loaders')]);
  const window = model.forecastInputWindow(asOf);

  const settings = loadSettings(io, { config: values.config, store: values.store });
  const dataDir = resolveDataDir(settings.root, settings.config, values['data-dir'], io);
  const help = missingDataHelp(dataDir);
  if (help !== undefined) {
    io.err(help);
    return EXIT.usage;
  }
  const jmaForecast = values['jma-forecast'];
  const jmaSource = jmaForecast === undefined || isUri(jmaForecast) ? jmaForecast : resolveUserPath(jmaForecast, io);
  const modelDir = values['model-dir'];
  const [inputs, live, deployed] = await Promise.all([
    // The night-before series too: TEPCO's announced supply capacity sets the tight-supply outlook.
    loaders.loadAsOfInputs({ source: dataDir, s3Client: settings.s3Client, window }),
    jmaSource === undefined
      ? undefined
      : loaders.loadJmaForecasts({ source: jmaSource, s3Client: settings.s3Client, timeoutMs }),
    modelDir === undefined
      ? import('./deployed-model.js').then(({ loadDeployedModel }) =>
          loadDeployedModel(settings.store, settings.registry, values.group ?? settings.config.registry_group),
        )
      : model.loadModel(resolveUserPath(modelDir, io)).then((loaded) => ({
          ...loaded,
          version: null,
          artifactUri: resolveUserPath(modelDir, io),
        })),
  ]);
  const forecast = model.forecastAsOf({
    model: deployed.model,
    asOf,
    // A live file is the weather source on its own: merged with the archive, a stale file would go unnoticed.
    sources: live === undefined ? inputs : { ...inputs, forecasts: new loaders.ForecastIssueIndex(live.rows) },
    forecastSource: jmaSource ?? `the forecast archive ${join(dataDir, 'jma', 'forecast')}`,
  });
  const document: ForecastDocument = {
    ...forecast,
    model: { version: deployed.version, source: deployed.artifactUri },
  };
  const out =
    values.out === undefined
      ? resolvePath(
          settings.root,
          join('.powercast', 'forecasts', `forecast-${forecast.asOf.slice(0, 16).replace(/[-:]/g, '')}.json`),
        )
      : resolveUserPath(values.out, io);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(document, null, 2)}\n`);
  printForecast(io, document, model.describeAnswerSettings(forecast.answer));
  io.out(`wrote ${out}`);
  return EXIT.ok;
}

const thousands = (value: number): string => Math.round(value).toLocaleString('en-US');
const percent = (p: number): string => `${(100 * p).toFixed(1)}%`;

/** `4,780–5,120` (with † when JMA's weekly range widened it), or `n/a` for a model without quantiles. */
function band(day: ForecastDocument['days'][number]): string {
  if (day.interval === null) return 'n/a';
  return `${thousands(day.interval.p10)}–${thousands(day.interval.p90)}${day.weatherRange === null ? '' : '†'}`;
}

/** `12.0% / 3.1%`, or `unknown`. */
function tightness(day: ForecastDocument['days'][number]): string {
  const outlook = day.tightSupply;
  return outlook.status === 'known'
    ? `${percent(outlook.pAtLeast95Percent)} / ${percent(outlook.pAtLeast97Percent)}`
    : 'unknown';
}

/** The small table: one line a day, D+1 first, the lower-accuracy leads marked; `answerNote` as `describeAnswerSettings` words it. */
export function printForecast(io: Pick<CliIo, 'out'>, forecast: ForecastDocument, answerNote: string): void {
  const model = forecast.model.version === null ? forecast.model.source : `version ${forecast.model.version}`;
  const { trainedWindow } = forecast;
  io.out(`forecast as of ${forecast.asOf} from JMA's issue of ${forecast.latestIssueAt} (${forecast.forecastSource})`);
  io.out(`model ${model}, trained ${trainedWindow.from}..${trainedWindow.to} (${trainedWindow.nRows} days)`);
  const answer = answerNote.replace(/^; /, '');
  if (answer !== '') io.out(`answer: ${answer.replaceAll('; ', ', ')} (variant = the one that answers the row)`);
  io.out(
    `${'date'.padEnd(12)}${'lead'.padEnd(6)}${'peak 万kW'.padStart(10)}  ${'80% 万kW'.padEnd(14)}${'P(≥95%/97%)'.padEnd(16)}` +
      `${'variant'.padEnd(18)}${'JMA issue'.padEnd(27)}temperatures`,
  );
  for (const day of forecast.days) {
    io.out(
      `${day.date.padEnd(12)}${`D+${day.leadDays}${day.lowerAccuracy ? '*' : ''}`.padEnd(6)}${thousands(day.peakManKw).padStart(10)}  ` +
        `${band(day).padEnd(14)}${tightness(day).padEnd(16)}${day.variant.padEnd(18)}${day.jmaIssuedAt.padEnd(27)}${day.temperatureSource}`,
    );
  }
  if (forecast.days.some((day) => day.lowerAccuracy))
    io.out("* lower accuracy: no demand of the day before, JMA's weekly forecast (D+1 is the day-ahead figure)");
  if (forecast.days.some((day) => day.interval !== null))
    io.out(
      '80%: P10–P90 of the peak; P(≥95%/97%): chance the peak passes that share of TEPCO’s announced supply capacity',
    );
  if (forecast.days.some((day) => day.weatherRange !== null))
    io.out("† widened by JMA's weekly likely range of the temperatures (forecast at both ends)");
  if (forecast.days.some((day) => day.tightSupply.status === 'unknown' && day.tightSupply.reason === 'no-capacity'))
    io.out('unknown: TEPCO had announced no supply capacity for the day before the as-of');
  for (const warning of forecast.warnings) io.out(`warning: ${warning}`);
  const seen = forecast.days.filter((day) => day.date <= trainedWindow.to);
  if (seen.length > 0)
    io.out(`note: the model was trained on days through ${trainedWindow.to}, these included: not a test of it`);
}
