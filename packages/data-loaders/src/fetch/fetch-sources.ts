import { stat } from 'node:fs/promises';
import path from 'node:path';
import { DataLoaderError, DownloadError } from '../errors.js';
import { readHolidayList } from '../readers/holidays.js';
import { isJmaExportText, readJmaExport } from '../readers/jma-export.js';
import { isTepcoYearlyText } from '../readers/tepco-yearly.js';
import { decodeText } from '../readers/text.js';
import { readZipMembers } from '../readers/zip.js';
import {
  JMA_DAILY_REFERENCE_ELEMENTS,
  JMA_TOKYO_STATION,
  cookieHeader,
  obsdlDailyForm,
  sessionIdFrom,
} from './jma-obsdl.js';
import { download, formatBytes, httpError, request, writeAtomically } from './http.js';
import { parsePeriodBound, planDownloads, type FetchKind, type LiveFetchKind, type PlannedDownload } from './plan.js';

export interface FetchBaseUrls {
  /** Folder of the TEPCO files; default https://www.tepco.co.jp/forecast/html/images/ */
  tepco: string;
  /** The obsdl application; default https://www.data.jma.go.jp/risk/obsdl/ */
  jma: string;
  /** Folder of the Cabinet Office holiday list; default https://www8.cao.go.jp/chosei/shukujitsu/ */
  holidays: string;
}

export const DEFAULT_BASE_URLS: FetchBaseUrls = {
  tepco: 'https://www.tepco.co.jp/forecast/html/images/',
  jma: 'https://www.data.jma.go.jp/risk/obsdl/',
  holidays: 'https://www8.cao.go.jp/chosei/shukujitsu/',
};

export interface FetchSourcesOptions {
  /** 'YYYY-MM' or 'YYYY-MM-DD' (inclusive). */
  from: string;
  to: string;
  /** Target folder (the repo uses data/raw/); the layout below it is what loadDailyDataset reads. */
  dir: string;
  baseUrls?: Partial<FetchBaseUrls>;
  kinds?: FetchKind[];
  /** JMA daily element codes (default: max, min, 天気概況(昼), mean). */
  jmaElements?: readonly string[];
  /** One progress line per file (default: stdout). */
  log?: (line: string) => void;
  /** Today as 'YYYY-MM-DD' (nothing after yesterday is requested); default the current UTC date. */
  today?: string;
  /** Per-request timeout, ms (default 60 s). */
  timeoutMs?: number;
}

export interface FetchedFile {
  kind: FetchKind | LiveFetchKind;
  path: string;
  url: string;
  status: 'downloaded' | 'skipped';
  bytes: number;
}

const ALL_KINDS: FetchKind[] = ['tepco-monthly', 'tepco-yearly', 'jma-daily', 'holidays'];

/**
 * Download the TEPCO monthly ZIPs and yearly files, the JMA daily export for Tokyo and the Cabinet
 * Office holiday list into `dir`.
 * A file already there is skipped when it was written after its period ended (so it is final);
 * every download is checked (readable ZIP / expected header), written to a temporary name and
 * renamed, so an interrupted run never leaves a partial file under the final name.
 */
export async function fetchSources(options: FetchSourcesOptions): Promise<FetchedFile[]> {
  const from = parsePeriodBound(options.from, false);
  const to = parsePeriodBound(options.to, true);
  if (!from || !to || from > to) {
    throw new DownloadError(
      '-',
      options.dir,
      `invalid period ${options.from}..${options.to}`,
      'give --from and --to as YYYY-MM or YYYY-MM-DD, from not after to',
    );
  }
  const urls = { ...DEFAULT_BASE_URLS, ...options.baseUrls };
  const log = options.log ?? ((line: string): void => void process.stdout.write(`${line}\n`));
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const plan = planDownloads(from, to, today, options.kinds ?? ALL_KINDS);
  const results: FetchedFile[] = [];
  let jmaCookie: string | undefined;
  for (const [index, item] of plan.entries()) {
    const target = path.join(options.dir, item.path);
    const url =
      item.kind === 'jma-daily'
        ? new URL('show/table', urls.jma).href
        : new URL(path.posix.basename(item.path), item.kind === 'holidays' ? urls.holidays : urls.tepco).href;
    const prefix = `[${index + 1}/${plan.length}]`;
    const existing = await stat(target).catch(() => undefined);
    if (existing && existing.mtime.toISOString().slice(0, 10) > item.periodEnd) {
      log(`${prefix} skipped ${item.path} (complete: written after ${item.periodEnd})`);
      results.push({ kind: item.kind, path: item.path, url, status: 'skipped', bytes: existing.size });
      continue;
    }
    let body: Uint8Array;
    if (item.kind === 'jma-daily') {
      jmaCookie ??= await openJmaSession(urls.jma, target, options.timeoutMs);
      const form = obsdlDailyForm({
        station: JMA_TOKYO_STATION,
        elements: options.jmaElements ?? JMA_DAILY_REFERENCE_ELEMENTS,
        from: item.periodStart,
        to: item.periodEnd,
        sessionId: sessionIdFrom(jmaCookie),
      });
      body = await download(
        url,
        target,
        {
          method: 'POST',
          body: form.toString(),
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            Referer: new URL('index.php', urls.jma).href,
            Cookie: jmaCookie,
          },
        },
        options.timeoutMs,
      );
    } else {
      body = await download(url, target, { method: 'GET' }, options.timeoutMs);
    }
    checkContent(item, body, url, target);
    await writeAtomically(target, body);
    log(`${prefix} downloaded ${item.path} (${formatBytes(body.length)}) from ${url}`);
    results.push({ kind: item.kind, path: item.path, url, status: 'downloaded', bytes: body.length });
  }
  return results;
}

async function openJmaSession(base: string, target: string, timeoutMs?: number): Promise<string> {
  const url = new URL('index.php', base).href;
  const response = await request(url, target, { method: 'GET' }, timeoutMs);
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw httpError(url, target, response.status);
  const cookie = cookieHeader(response.headers.getSetCookie());
  if (cookie === '') {
    throw new DownloadError(
      url,
      target,
      'the obsdl page set no session cookie',
      'check that the JMA obsdl page (https://www.data.jma.go.jp/risk/obsdl/) still works in a browser; its form may have changed',
    );
  }
  return cookie;
}

function checkContent(item: PlannedDownload, body: Uint8Array, url: string, target: string): void {
  try {
    if (item.kind === 'tepco-monthly') {
      readZipMembers(body, item.path);
      return;
    }
    const { text } = decodeText(body);
    if (item.kind === 'tepco-yearly' && isTepcoYearlyText(text)) return;
    if (item.kind === 'holidays') {
      readHolidayList(text, { file: item.path });
      return;
    }
    if (item.kind === 'jma-daily') {
      if (!isJmaExportText(text)) {
        const html = /<html|<!doctype/i.test(text.slice(0, 500));
        throw new DownloadError(
          url,
          target,
          html
            ? 'JMA answered with an HTML page instead of a CSV (session expired or the selection was rejected)'
            : 'the answer is not a JMA export',
          'run the fetch again; if it persists, check that the obsdl form still works in a browser (it may have changed)',
        );
      }
      readJmaExport(text, { file: item.path });
      return;
    }
    throw new DownloadError(
      url,
      target,
      `the body does not look like a TEPCO yearly file (starts "${text.slice(0, 30)}")`,
      'check the URL: a yearly file starts with an UPDATE stamp and DATE,TIME,…',
    );
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    if (error instanceof DataLoaderError)
      throw new DownloadError(
        url,
        target,
        `the downloaded file is unreadable: ${error.message}`,
        'run the fetch again; if it persists the publisher changed the format',
      );
    throw error;
  }
}
