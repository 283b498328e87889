import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { jmaDailyText, tepcoDailyText } from '../__fixtures__/builders.js';
import { encodeCp932 } from '../__fixtures__/cp932.js';
import { expectDataError } from '../__fixtures__/expect-error.js';
import { DownloadError } from '../errors.js';
import { loadDailyDataset } from '../load/load-daily-dataset.js';
import { fetchSources } from './fetch-sources.js';
import { planDownloads } from './plan.js';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(handler: Handler): Promise<{ base: string; requests: string[] }> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('latin1')));
    request.on('end', () => {
      requests.push(`${request.method} ${request.url}`);
      handler(request, body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'powercast-fetch-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

const quiet = (): void => undefined;

describe('planDownloads', () => {
  it('plans monthly ZIPs from 2022-04, yearly files from 2016, JMA one calendar year per request, nothing after yesterday', () => {
    const plan = planDownloads('2021-12-15', '2022-05-31', '2022-05-10', [
      'tepco-monthly',
      'tepco-yearly',
      'jma-daily',
    ]);
    expect(plan.map((item) => `${item.path} ${item.periodStart}..${item.periodEnd}`)).toEqual([
      'tepco/monthly/202204_power_usage.zip 2022-04-01..2022-04-30',
      'tepco/monthly/202205_power_usage.zip 2022-05-01..2022-05-31',
      'tepco/yearly/juyo-2021.csv 2021-01-01..2021-12-31',
      'tepco/yearly/juyo-2022.csv 2022-01-01..2022-12-31',
      'jma/daily/tokyo-20211215-20211231.csv 2021-12-15..2021-12-31',
      'jma/daily/tokyo-20220101-20220509.csv 2022-01-01..2022-05-09',
    ]);
  });
});

describe('fetchSources against a failing server', () => {
  const zip = zipSync({ '20220501_power_usage.csv': encodeCp932(tepcoDailyText('2022-05-01')) });
  const options = (base: string, dir: string) => ({
    from: '2022-05',
    to: '2022-05',
    dir,
    baseUrls: { tepco: `${base}/forecast/html/images/` },
    kinds: ['tepco-monthly' as const],
    today: '2024-01-01',
    log: quiet,
  });

  it('reports HTTP 500 with the URL and advice, and writes nothing', async () => {
    const { base } = await serve((_request, _body, response) => response.writeHead(500).end('oops'));
    const dir = await tempDir();
    const error = await expectDataError(() => fetchSources(options(base, dir)));
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as DownloadError).status).toBe(500);
    expect(error.message).toContain(`download of ${base}/forecast/html/images/202205_power_usage.zip failed: HTTP 500`);
    expect(error.message).toContain('try again later');
    expect(await listFiles(dir)).toEqual([]);
  });

  it('reports HTTP 404 as a period that is not published', async () => {
    const { base } = await serve((_request, _body, response) => response.writeHead(404).end());
    const error = await expectDataError(async () => fetchSources(options(base, await tempDir())));
    expect(error.message).toContain('HTTP 404');
    expect(error.message).toContain('TEPCO monthly ZIPs from 2022-04');
  });

  it('reports a truncated body and leaves no partial file', async () => {
    const { base } = await serve((_request, _body, response) => {
      response.writeHead(200, { 'Content-Length': String(zip.length) });
      response.write(zip.subarray(0, 100));
      setTimeout(() => response.destroy(), 20);
    });
    const dir = await tempDir();
    const error = await expectDataError(() => fetchSources(options(base, dir)));
    expect(error.message).toMatch(/connection closed before the body of \d+ bytes was complete|received 100 of/);
    expect(error.message).toContain('nothing was written');
    expect(await listFiles(dir)).toEqual([]);
  });

  it('rejects a body that is not a ZIP', async () => {
    const { base } = await serve((_request, _body, response) =>
      response.writeHead(200).end('<html>maintenance</html>'),
    );
    const error = await expectDataError(async () => fetchSources(options(base, await tempDir())));
    expect(error.message).toContain('the downloaded file is unreadable');
    expect(error.message).toContain('not a ZIP archive');
  });

  it('downloads, prints one progress line per file, then skips the complete file', async () => {
    const { base, requests } = await serve((_request, _body, response) =>
      response.writeHead(200, { 'Content-Length': String(zip.length) }).end(zip),
    );
    const dir = await tempDir();
    const lines: string[] = [];
    const first = await fetchSources({ ...options(base, dir), log: (line) => lines.push(line) });
    expect(first.map((file) => file.status)).toEqual(['downloaded']);
    expect(new Uint8Array(await readFile(path.join(dir, 'tepco/monthly/202205_power_usage.zip')))).toEqual(zip);
    const second = await fetchSources({ ...options(base, dir), log: (line) => lines.push(line) });
    expect(second.map((file) => file.status)).toEqual(['skipped']);
    expect(requests).toHaveLength(1);
    expect(lines).toEqual([
      `[1/1] downloaded tepco/monthly/202205_power_usage.zip (${Math.max(1, Math.round(zip.length / 1024))} KB) from ${base}/forecast/html/images/202205_power_usage.zip`,
      '[1/1] skipped tepco/monthly/202205_power_usage.zip (complete: written after 2022-05-31)',
    ]);
  });

  it('downloads again a file written before its period ended', async () => {
    const { requests, base } = await serve((_request, _body, response) => response.writeHead(200).end(zip));
    const dir = await tempDir();
    const target = path.join(dir, 'tepco/monthly/202205_power_usage.zip');
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, 'partial month');
    await utimes(target, new Date('2022-05-20T00:00:00Z'), new Date('2022-05-20T00:00:00Z'));
    await fetchSources(options(base, dir));
    expect(requests).toHaveLength(1);
    expect((await stat(target)).size).toBe(zip.length);
  });
});

describe('fetchSources of the holiday list', () => {
  it('downloads syukujitsu.csv, and again on a later day (the list is revised yearly)', async () => {
    const list = encodeCp932('国民の祝日・休日月日,国民の祝日・休日名称\r\n2024/1/1,元日\r\n');
    const { base, requests } = await serve((_request, _body, response) => response.writeHead(200).end(list));
    const dir = await tempDir();
    const options = {
      from: '2024-01',
      to: '2024-01',
      dir,
      baseUrls: { holidays: `${base}/chosei/shukujitsu/` },
      kinds: ['holidays' as const],
      log: quiet,
    };
    expect((await fetchSources({ ...options, today: new Date().toISOString().slice(0, 10) }))[0]).toMatchObject({
      path: 'holidays/syukujitsu.csv',
      status: 'downloaded',
    });
    expect((await fetchSources({ ...options, today: new Date().toISOString().slice(0, 10) }))[0]!.status).toBe(
      'skipped',
    );
    expect((await fetchSources({ ...options, today: '2999-01-01' }))[0]!.status).toBe('downloaded');
    expect(requests).toEqual(['GET /chosei/shukujitsu/syukujitsu.csv', 'GET /chosei/shukujitsu/syukujitsu.csv']);
  });

  it('rejects a body that is not the holiday list', async () => {
    const { base } = await serve((_request, _body, response) => response.writeHead(200).end('date,name\r\n'));
    const error = await expectDataError(async () =>
      fetchSources({
        from: '2024-01',
        to: '2024-01',
        dir: await tempDir(),
        baseUrls: { holidays: `${base}/` },
        kinds: ['holidays'],
        today: '2024-06-01',
        log: quiet,
      }),
    );
    expect(error.message).toContain('the downloaded file is unreadable');
  });
});

describe('fetchSources from the JMA obsdl form', () => {
  it('opens a session, posts the selection and stores the CSV', async () => {
    const csv = encodeCp932(jmaDailyText([{ date: '2023-01-01', maxTemp: '10.0', minTemp: '1.0', weather: '晴' }]));
    let form: URLSearchParams | undefined;
    let cookie: string | undefined;
    const { base } = await serve((request, body, response) => {
      if (request.method === 'GET' && request.url === '/risk/obsdl/index.php')
        return void response.writeHead(200, { 'Set-Cookie': 'PHPSESSID=abc123; path=/' }).end('<html></html>');
      if (request.method === 'POST' && request.url === '/risk/obsdl/show/table') {
        form = new URLSearchParams(body);
        cookie = request.headers.cookie;
        return void response.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(csv);
      }
      response.writeHead(404).end();
    });
    const dir = await tempDir();
    const [file] = await fetchSources({
      from: '2023-01-01',
      to: '2023-01-01',
      dir,
      baseUrls: { jma: `${base}/risk/obsdl/` },
      kinds: ['jma-daily'],
      today: '2024-01-01',
      log: quiet,
    });
    expect(file).toMatchObject({ path: 'jma/daily/tokyo-20230101-20230101.csv', status: 'downloaded' });
    expect(cookie).toBe('PHPSESSID=abc123');
    expect(Object.fromEntries(form!)).toMatchObject({
      stationNumList: '["s47662"]',
      aggrgPeriod: '1',
      elementNumList: '[["202",""],["203",""],["701",""],["201",""]]',
      ymdList: '["2023","2023","1","1","1","1"]',
      csvFlag: '1',
      downloadFlag: 'true',
      PHPSESSID: 'abc123',
    });
    expect(new Uint8Array(await readFile(path.join(dir, file!.path)))).toEqual(csv);
  });

  it('explains an HTML answer (rejected session) instead of saving it', async () => {
    const { base } = await serve((request, _body, response) => {
      if (request.method === 'GET') return void response.writeHead(200, { 'Set-Cookie': 'PHPSESSID=x' }).end();
      response
        .writeHead(200, { 'Content-Type': 'text/html' })
        .end('<!DOCTYPE html><html>セッションが切れました</html>');
    });
    const dir = await tempDir();
    const error = await expectDataError(() =>
      fetchSources({
        from: '2023-01',
        to: '2023-01',
        dir,
        baseUrls: { jma: `${base}/risk/obsdl/` },
        kinds: ['jma-daily'],
        today: '2024-01-01',
        log: quiet,
      }),
    );
    expect(error.message).toContain('JMA answered with an HTML page instead of a CSV');
    expect(await listFiles(dir)).toEqual([]);
  });
});

const dataDir = process.env.POWERCAST_DATA_DIR;
if (!dataDir)
  console.warn('[data-loaders] POWERCAST_DATA_DIR is not set: the fetch test against real files is skipped');

/** Serves the real files under the publishers' paths; the JMA form answers with the requested rows of the real export. */
async function serveRealFiles(root: string): Promise<string> {
  const jmaFile = await readFile(path.join(root, 'jma/daily/weather_data.csv'));
  const { base } = await serve((request, body, response) => {
    const tepco = /^\/forecast\/html\/images\/((\d{6})_power_usage\.zip|juyo-(\d{4})\.csv)$/.exec(request.url ?? '');
    if (tepco) {
      const file = tepco[2] ? path.join(root, 'tepco/monthly', tepco[1]!) : path.join(root, 'tepco/yearly', tepco[1]!);
      readFile(file).then(
        (bytes) => response.writeHead(200, { 'Content-Length': String(bytes.length) }).end(bytes),
        () => response.writeHead(404).end(),
      );
      return;
    }
    if (request.url === '/chosei/shukujitsu/syukujitsu.csv') {
      readFile(path.join(root, 'holidays/syukujitsu.csv')).then((bytes) => response.writeHead(200).end(bytes));
      return;
    }
    if (request.url === '/risk/obsdl/index.php')
      return void response.writeHead(200, { 'Set-Cookie': 'PHPSESSID=s1; path=/' }).end();
    if (request.url === '/risk/obsdl/show/table' && request.headers.cookie === 'PHPSESSID=s1') {
      const [fy, ty, fm, tm, fd, td] = (JSON.parse(new URLSearchParams(body).get('ymdList') ?? '[]') as string[]).map(
        Number,
      );
      const from = fy! * 10000 + fm! * 100 + fd!;
      const to = ty! * 10000 + tm! * 100 + td!;
      // Keep the header lines and the rows in range, byte for byte (CR LF never occurs inside CP932 characters).
      const lines = jmaFile.toString('latin1').split('\r\n');
      const kept = lines.filter((line, index) => {
        const date = /^(\d{4})\/(\d{1,2})\/(\d{1,2}),/.exec(line);
        if (!date) return index < 6;
        const day = Number(date[1]) * 10000 + Number(date[2]) * 100 + Number(date[3]);
        return day >= from && day <= to;
      });
      return void response.writeHead(200).end(Buffer.from(kept.join('\r\n') + '\r\n', 'latin1'));
    }
    response.writeHead(404).end();
  });
  return base;
}

describe.skipIf(!dataDir)('fetchSources against a local server with the real files', () => {
  it('fetches a period that loadDailyDataset then reads, with byte-identical TEPCO files', async () => {
    const base = await serveRealFiles(dataDir!);
    const dir = await tempDir();
    const lines: string[] = [];
    const fetched = await fetchSources({
      from: '2022-11',
      to: '2023-02',
      dir,
      baseUrls: {
        tepco: `${base}/forecast/html/images/`,
        jma: `${base}/risk/obsdl/`,
        holidays: `${base}/chosei/shukujitsu/`,
      },
      today: '2024-06-01',
      log: (line) => lines.push(line),
    });
    expect(fetched.map((file) => file.path)).toEqual([
      'tepco/monthly/202211_power_usage.zip',
      'tepco/monthly/202212_power_usage.zip',
      'tepco/monthly/202301_power_usage.zip',
      'tepco/monthly/202302_power_usage.zip',
      'tepco/yearly/juyo-2022.csv',
      'tepco/yearly/juyo-2023.csv',
      'jma/daily/tokyo-20221101-20221231.csv',
      'jma/daily/tokyo-20230101-20230228.csv',
      'holidays/syukujitsu.csv',
    ]);
    expect(lines).toHaveLength(9);
    for (const name of [
      'tepco/monthly/202212_power_usage.zip',
      'tepco/yearly/juyo-2022.csv',
      'holidays/syukujitsu.csv',
    ]) {
      expect(await readFile(path.join(dir, name))).toEqual(await readFile(path.join(dataDir!, name)));
    }
    const { report } = await loadDailyDataset({ source: dir, join: 'inner' });
    expect(report.rowCount).toBe(30 + 31 + 31 + 28);
    expect(report.firstDate).toBe('2022-11-01');
    expect(report.inventory.find((entry) => entry.kind === 'tepco-daily')?.dayCount).toBe(120);
    expect(report.inventory.find((entry) => entry.kind === 'holidays')?.firstDate).toBe('1955-01-01');
  });
});
