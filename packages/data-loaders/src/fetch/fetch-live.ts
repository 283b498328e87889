import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DataLoaderError, DownloadError } from '../errors.js';
import { readJmaForecastJson } from '../readers/jma-forecast-json.js';
import { readTepcoActualsSoFar } from '../readers/tepco-actuals-so-far.js';
import type { FetchedFile } from './fetch-sources.js';
import { download, formatBytes, writeAtomically } from './http.js';
import type { LiveFetchKind } from './plan.js';

export interface LiveUrls {
  /** JMA's live Tokyo forecast (short-range and weekly reports). */
  jmaForecast: string;
  /** TEPCO's file of the running day (same layout as the archived daily files). */
  tepcoLive: string;
}

export const DEFAULT_LIVE_URLS: LiveUrls = {
  jmaForecast: 'https://www.jma.go.jp/bosai/forecast/data/forecast/130000.json',
  tepcoLive: 'https://www.tepco.co.jp/forecast/html/images/juyo-d1-j.csv',
};

export interface FetchLiveOptions {
  /** Target folder: snapshots go to `jma/forecast/live/` and `tepco/live/` below it. */
  dir: string;
  /** Default both. */
  kinds?: LiveFetchKind[];
  urls?: Partial<LiveUrls>;
  log?: (line: string) => void;
  timeoutMs?: number;
}

export const LIVE_KINDS: readonly LiveFetchKind[] = ['jma-forecast', 'tepco-live'];

/**
 * Snapshot the files that change during the day. Each download is read before it is kept (a JMA
 * forecast with Tokyo's rows; a TEPCO day file measured without gaps) and stored under a name
 * taken from its own stamp: `jma/forecast/live/130000_YYYYMMDDTHHMM.json` (the newest report
 * time in it) and `tepco/live/YYYYMMDD_HHMM_juyo-d1-j.csv` (its UPDATE stamp). Run it on a
 * schedule: an issue already stored is skipped, so repeated or interrupted runs build one
 * snapshot per issue, and no partial file is ever left under a final name.
 */
export async function fetchLiveSources(options: FetchLiveOptions): Promise<FetchedFile[]> {
  const urls = { ...DEFAULT_LIVE_URLS, ...options.urls };
  const log = options.log ?? ((line: string): void => void process.stdout.write(`${line}\n`));
  const kinds = options.kinds ?? LIVE_KINDS;
  const results: FetchedFile[] = [];
  for (const [index, kind] of kinds.entries()) {
    const url = kind === 'jma-forecast' ? urls.jmaForecast : urls.tepcoLive;
    const prefix = `[${index + 1}/${kinds.length}]`;
    const body = await download(
      url,
      path.join(options.dir, kind === 'jma-forecast' ? 'jma/forecast/live' : 'tepco/live'),
      { method: 'GET' },
      options.timeoutMs,
      kind === 'jma-forecast'
        ? 'check the URL: the live Tokyo forecast is https://www.jma.go.jp/bosai/forecast/data/forecast/130000.json'
        : 'check the URL: the running day is https://www.tepco.co.jp/forecast/html/images/juyo-d1-j.csv',
    );
    const relative = snapshotPath(kind, body, url, options.dir);
    const target = path.join(options.dir, relative);
    const existing = await readFile(target).catch(() => undefined);
    if (existing && Buffer.compare(existing, body) === 0) {
      log(`${prefix} skipped ${relative} (this issue is already stored)`);
      results.push({ kind, path: relative, url, status: 'skipped', bytes: body.length });
      continue;
    }
    await writeAtomically(target, body);
    log(`${prefix} downloaded ${relative} (${formatBytes(body.length)}) from ${url}`);
    results.push({ kind, path: relative, url, status: 'downloaded', bytes: body.length });
  }
  return results;
}

/** Where a snapshot goes, from its own stamp; an unreadable body is a DownloadError. */
function snapshotPath(kind: LiveFetchKind, body: Uint8Array, url: string, dir: string): string {
  try {
    if (kind === 'jma-forecast') {
      const rows = readJmaForecastJson(body, { file: url });
      if (rows.length === 0) {
        throw new DownloadError(
          url,
          path.join(dir, 'jma/forecast/live'),
          'the forecast holds no rows for area 130010 / point 44132',
          'check the URL: it must be the Tokyo office forecast 130000.json',
        );
      }
      const newest = rows.reduce((latest, row) => (row.issued_at > latest ? row.issued_at : latest), '');
      return `jma/forecast/live/130000_${compact(newest.slice(0, 16))}.json`;
    }
    const day = readTepcoActualsSoFar(body, { file: url });
    return `tepco/live/${day.date.replaceAll('-', '')}_${day.updatedAt.slice(11, 16).replace(':', '')}_juyo-d1-j.csv`;
  } catch (error) {
    if (error instanceof DownloadError || !(error instanceof DataLoaderError)) throw error;
    throw new DownloadError(
      url,
      path.join(dir, kind === 'jma-forecast' ? 'jma/forecast/live' : 'tepco/live'),
      `the downloaded file is unreadable: ${error.message}`,
      'run the fetch again; if it persists the publisher changed the format',
    );
  }
}

/** '2023-07-31T17:00' → '20230731T1700'. */
function compact(stamp: string): string {
  return stamp.replaceAll('-', '').replace(':', '');
}
