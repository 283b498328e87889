import { parseArgs } from 'node:util';
import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { DataLoaderError } from '../errors.js';
import { fetchLiveSources } from '../fetch/fetch-live.js';
import { fetchSources, type FetchedFile } from '../fetch/fetch-sources.js';
import type { FetchKind, LiveFetchKind } from '../fetch/plan.js';
import { loadDailyDataset } from '../load/load-daily-dataset.js';
import { describeDataset } from './describe.js';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const USAGE = `usage:
  powercast-data describe --data-dir <dir | s3://bucket/prefix> [--join target|inner]
      prints the data inventory as JSON (per source kind: files, first/last date, day count, gaps, warnings; merged table)
  powercast-data fetch --from YYYY-MM[-DD] --to YYYY-MM[-DD] [--dir data/raw] [--kinds tepco-monthly,tepco-yearly,jma-daily,holidays]
                       [--tepco-url URL] [--jma-url URL] [--holidays-url URL]
      downloads TEPCO monthly ZIPs and yearly files, the JMA daily export (Tokyo) and the holiday list into --dir
  powercast-data fetch --kinds jma-forecast,tepco-live [--dir data/raw] [--jma-forecast-url URL] [--tepco-live-url URL]
      snapshots JMA's live Tokyo forecast and TEPCO's running day (no --from/--to; combinable with the kinds above)`;

const KINDS = ['tepco-monthly', 'tepco-yearly', 'jma-daily', 'holidays'] as const satisfies readonly FetchKind[];
const LIVE = ['jma-forecast', 'tepco-live'] as const satisfies readonly LiveFetchKind[];
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

function usageError(command: string, error: z.ZodError, io: CliIo): number {
  const problems = error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; ');
  io.err(`${command}: ${problems}\n${USAGE}\n`);
  return 2;
}

/** Run the CLI; returns the exit code (0 ok, 1 data or download error, 2 usage error). */
export async function runCli(
  argv: string[],
  io: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) },
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'describe') return await describe(rest, io);
    if (command === 'fetch') return await fetchCommand(rest, io);
    io.err(`${command === undefined || command === '--help' ? '' : `unknown command "${command}"\n`}${USAGE}\n`);
    return command === '--help' ? 0 : 2;
  } catch (error) {
    if (error instanceof DataLoaderError) {
      io.err(`error (${error.kind}): ${error.message}\n`);
      return 1;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`${error.message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

async function describe(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { 'data-dir': { type: 'string' }, join: { type: 'string', default: 'target' } },
    strict: true,
  });
  const parsed = describeArgs.safeParse(values);
  if (!parsed.success) return usageError('describe', parsed.error, io);
  const source = parsed.data['data-dir'];
  const dataset = await loadDailyDataset({
    source,
    join: parsed.data.join,
    ...(source.startsWith('s3://') ? { s3Client: new S3Client({}) } : {}),
  });
  io.out(`${JSON.stringify(describeDataset(dataset), null, 2)}\n`);
  return 0;
}

async function fetchCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      dir: { type: 'string', default: 'data/raw' },
      kinds: { type: 'string' },
      'tepco-url': { type: 'string' },
      'jma-url': { type: 'string' },
      'holidays-url': { type: 'string' },
      'jma-forecast-url': { type: 'string' },
      'tepco-live-url': { type: 'string' },
    },
    strict: true,
  });
  const parsed = fetchArgs.safeParse({
    ...values,
    kinds: values.kinds?.split(',').map((kind) => kind.trim()) ?? [...KINDS],
  });
  if (!parsed.success) return usageError('fetch', parsed.error, io);
  const options = parsed.data;
  const log = (line: string): void => io.out(`${line}\n`);
  const periodKinds = options.kinds.filter((kind): kind is FetchKind => (KINDS as readonly string[]).includes(kind));
  const liveKinds = options.kinds.filter((kind): kind is LiveFetchKind => (LIVE as readonly string[]).includes(kind));
  const results: FetchedFile[] = [];
  if (periodKinds.length > 0) {
    results.push(
      ...(await fetchSources({
        from: options.from!,
        to: options.to!,
        dir: options.dir,
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
        dir: options.dir,
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
  io.out(`done: ${downloaded} downloaded, ${results.length - downloaded} already complete, in ${options.dir}\n`);
  return 0;
}
