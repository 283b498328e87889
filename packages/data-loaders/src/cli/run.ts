import { S3Client } from '@aws-sdk/client-s3';
import {
  CommandLineError,
  EXIT,
  defineCommand,
  helpText,
  parseCommandLine,
  processIo,
  resolveUserPath,
  type CliIo,
} from '@powercast/contracts/cli';
import { z } from 'zod';
import { DataLoaderError } from '../errors.js';
import { fetchLiveSources } from '../fetch/fetch-live.js';
import { fetchSources, type FetchedFile } from '../fetch/fetch-sources.js';
import type { FetchKind, LiveFetchKind } from '../fetch/plan.js';
import { loadDailyDataset } from '../load/load-daily-dataset.js';
import { describeDataset } from './describe.js';

const KINDS = ['tepco-monthly', 'tepco-yearly', 'jma-daily', 'holidays'] as const satisfies readonly FetchKind[];
const LIVE = ['jma-forecast', 'tepco-live'] as const satisfies readonly LiveFetchKind[];
const PATH_NOTE = 'A relative path resolves from the directory you run the command in.';

const DESCRIBE = defineCommand({
  name: 'powercast-data describe',
  summary:
    'Prints the data inventory as JSON: per source kind the files, first/last date, day count, gaps and warnings;\nthen the merged table.',
  options: {
    'data-dir': { type: 'string', value: 'DIR|s3://bucket/prefix', description: 'the TEPCO/JMA files (required)' },
    join: {
      type: 'string',
      value: 'target|inner',
      default: 'target',
      description: 'how demand and weather are joined',
    },
  },
  notes: [PATH_NOTE],
});

const FETCH = defineCommand({
  name: 'powercast-data fetch',
  summary:
    "Downloads the TEPCO monthly ZIPs and yearly files, the JMA daily export (Tokyo) and the holiday list into --dir;\nfiles already complete are skipped. The live kinds snapshot JMA's Tokyo forecast and TEPCO's running day.",
  options: {
    from: { type: 'string', value: 'YYYY-MM[-DD]', description: 'first month or day (required for the period kinds)' },
    to: { type: 'string', value: 'YYYY-MM[-DD]', description: 'last month or day (required for the period kinds)' },
    dir: { type: 'string', value: 'DIR', default: 'data/raw', description: 'where the files go' },
    kinds: {
      type: 'string',
      value: [...KINDS, ...LIVE].join(','),
      description: `what to download (default: ${KINDS.join(',')}; the live kinds take no --from/--to)`,
    },
    'tepco-url': { type: 'string', value: 'URL', description: 'another base URL for the TEPCO files' },
    'jma-url': { type: 'string', value: 'URL', description: 'another base URL for the JMA export' },
    'holidays-url': { type: 'string', value: 'URL', description: 'another URL for the holiday list' },
    'jma-forecast-url': { type: 'string', value: 'URL', description: "another URL for JMA's live forecast" },
    'tepco-live-url': { type: 'string', value: 'URL', description: "another URL for TEPCO's running day" },
  },
  notes: [PATH_NOTE],
});

const COMMANDS = { describe: DESCRIBE, fetch: FETCH } as const;

const USAGE = [
  'usage: powercast-data <describe|fetch> [options]',
  ...Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(10)}${command.summary.split('\n')[0]}`),
  '`powercast-data <command> --help` lists the options of a command.',
].join('\n');

const period = z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'expected YYYY-MM or YYYY-MM-DD');

/** Command-line values arrive as untyped strings: validate them into typed options here. */
const describeArgs = z.object({ 'data-dir': z.string().min(1), join: z.enum(['target', 'inner']) });
const fetchArgs = z
  .object({
    from: period.optional(),
    to: period.optional(),
    dir: z.string().min(1),
    kinds: z.array(z.enum([...KINDS, ...LIVE])).min(1),
    'tepco-url': z.url().optional(),
    'jma-url': z.url().optional(),
    'holidays-url': z.url().optional(),
    'jma-forecast-url': z.url().optional(),
    'tepco-live-url': z.url().optional(),
  })
  .superRefine((args, ctx) => {
    if (!args.kinds.some((kind) => (KINDS as readonly string[]).includes(kind))) return;
    for (const bound of ['from', 'to'] as const) {
      if (args[bound] === undefined)
        ctx.addIssue({ code: 'custom', path: [bound], message: 'required for period kinds' });
    }
  });

function usageError(command: string, error: z.ZodError, io: CliIo, help: string): number {
  const problems = error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; ');
  io.err(`${command}: ${problems}\n${help}`);
  return EXIT.usage;
}

/** Run the CLI; returns the exit code (0 ok, 1 data or download error, 2 usage error). */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'describe') return await describe(rest, io);
    if (command === 'fetch') return await fetchCommand(rest, io);
    if (command === undefined || command === '--help' || command === '-h') {
      io.err(USAGE);
      return command === undefined ? EXIT.usage : EXIT.ok;
    }
    const problem = command.startsWith('-') ? `unknown option '${command}'` : `unknown command "${command}"`;
    io.err(new CommandLineError('powercast-data', problem).message);
    return EXIT.usage;
  } catch (error) {
    if (error instanceof DataLoaderError) {
      io.err(`error (${error.kind}): ${error.message}`);
      return EXIT.failed;
    }
    if (error instanceof CommandLineError) {
      io.err(error.message);
      return EXIT.usage;
    }
    throw error;
  }
}

async function describe(args: string[], io: CliIo): Promise<number> {
  const line = parseCommandLine(DESCRIBE, args);
  if (line.help) {
    io.err(helpText(DESCRIBE));
    return EXIT.ok;
  }
  const parsed = describeArgs.safeParse(line.values);
  if (!parsed.success) return usageError('describe', parsed.error, io, helpText(DESCRIBE));
  const source = resolveUserPath(parsed.data['data-dir'], io);
  const dataset = await loadDailyDataset({
    source,
    join: parsed.data.join,
    ...(source.startsWith('s3://') ? { s3Client: new S3Client({}) } : {}),
  });
  io.out(JSON.stringify(describeDataset(dataset), null, 2));
  return EXIT.ok;
}

async function fetchCommand(args: string[], io: CliIo): Promise<number> {
  const line = parseCommandLine(FETCH, args);
  if (line.help) {
    io.err(helpText(FETCH));
    return EXIT.ok;
  }
  const { values } = line;
  const parsed = fetchArgs.safeParse({
    ...values,
    kinds: values.kinds?.split(',').map((kind) => kind.trim()) ?? [...KINDS],
  });
  if (!parsed.success) return usageError('fetch', parsed.error, io, helpText(FETCH));
  const options = parsed.data;
  const dir = resolveUserPath(options.dir, io);
  const log = (line: string): void => io.out(line);
  const periodKinds = options.kinds.filter((kind): kind is FetchKind => (KINDS as readonly string[]).includes(kind));
  const liveKinds = options.kinds.filter((kind): kind is LiveFetchKind => (LIVE as readonly string[]).includes(kind));
  const results: FetchedFile[] = [];
  if (periodKinds.length > 0) {
    results.push(
      ...(await fetchSources({
        from: options.from!,
        to: options.to!,
        dir,
        kinds: periodKinds,
        baseUrls: {
          ...(options['tepco-url'] ? { tepco: options['tepco-url'] } : {}),
          ...(options['jma-url'] ? { jma: options['jma-url'] } : {}),
          ...(options['holidays-url'] ? { holidays: options['holidays-url'] } : {}),
        },
        log,
      })),
    );
  }
  if (liveKinds.length > 0) {
    results.push(
      ...(await fetchLiveSources({
        dir,
        kinds: liveKinds,
        urls: {
          ...(options['jma-forecast-url'] ? { jmaForecast: options['jma-forecast-url'] } : {}),
          ...(options['tepco-live-url'] ? { tepcoLive: options['tepco-live-url'] } : {}),
        },
        log,
      })),
    );
  }
  const downloaded = results.filter((file) => file.status === 'downloaded').length;
  io.out(`done: ${downloaded} downloaded, ${results.length - downloaded} already complete, in ${dir}`);
  return EXIT.ok;
}
