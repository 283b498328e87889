import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { tepcoDailyText, tepcoRunningDayText } from '../__fixtures__/builders.js';
import { encodeCp932 } from '../__fixtures__/cp932.js';
import { expectDataError } from '../__fixtures__/expect-error.js';
import { archiveRecords, archiveText, liveJsonFromArchive } from '../__fixtures__/jma-forecast.js';
import { writeTree } from '../__fixtures__/tree.js';
import { DownloadError } from '../errors.js';
import { loadDailyDataset } from '../load/load-daily-dataset.js';
import { loadJmaForecasts } from '../load/load-jma-forecasts.js';
import { readJmaForecastArchive } from '../readers/jma-forecast-archive.js';
import { readTepcoActualsSoFar } from '../readers/tepco-actuals-so-far.js';
import { readTepcoDailyFile } from '../readers/tepco-daily.js';
import { decodeText } from '../readers/text.js';
import { readZipMembers } from '../readers/zip.js';
import { fetchLiveSources } from './fetch-live.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(handler: Handler): Promise<{ base: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'powercast-live-'));
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

const EVENING = '2023-07-31T17:00:00+09:00';
const archive = archiveText([
  {
    reportDatetime: EVENING,
    timeDefine: '2023-08-01T00:00:00+09:00',
    areaCode: '130010',
    weatherCode: '101',
    weather: '晴れ　時々　くもり',
    wind: '南の風',
  },
  { reportDatetime: EVENING, timeDefine: '2023-08-01T09:00:00+09:00', areaCode: '44132', temp: '34' },
]);
const quiet = (): void => undefined;

/** The publishers' paths: JMA's bosai JSON and TEPCO's running-day file. */
function livePaths(files: { json: () => string | Uint8Array; tepco: () => Uint8Array }): Handler {
  return (request, response) => {
    if (request.url === '/bosai/forecast/data/forecast/130000.json')
      return void response.writeHead(200).end(files.json());
    if (request.url === '/forecast/html/images/juyo-d1-j.csv') return void response.writeHead(200).end(files.tepco());
    response.writeHead(404).end();
  };
}
const urls = (base: string) => ({
  jmaForecast: `${base}/bosai/forecast/data/forecast/130000.json`,
  tepcoLive: `${base}/forecast/html/images/juyo-d1-j.csv`,
});

describe('fetchLiveSources', () => {
  it('stores one snapshot per issue, named by its own stamp, and skips an issue already stored', async () => {
    let stamp = '17:55';
    const json = JSON.stringify(liveJsonFromArchive(archiveRecords(archive, EVENING)));
    const { base, requests } = await serve(
      livePaths({
        json: () => json,
        tepco: () => encodeCp932(tepcoRunningDayText('2023-08-01', { hours: 17, fiveMinutes: 214, stampTime: stamp })),
      }),
    );
    const dir = await tempDir();
    const lines: string[] = [];
    const first = await fetchLiveSources({ dir, urls: urls(base), log: (line) => lines.push(line) });
    expect(first.map((file) => `${file.status} ${file.path}`)).toEqual([
      'downloaded jma/forecast/live/130000_20230731T1700.json',
      'downloaded tepco/live/20230801_1755_juyo-d1-j.csv',
    ]);
    const again = await fetchLiveSources({ dir, urls: urls(base), log: (line) => lines.push(line) });
    expect(again.map((file) => file.status)).toEqual(['skipped', 'skipped']);
    expect(lines[2]).toBe('[1/2] skipped jma/forecast/live/130000_20230731T1700.json (this issue is already stored)');
    stamp = '18:55';
    await fetchLiveSources({ dir, urls: urls(base), kinds: ['tepco-live'], log: quiet });
    expect(await listFiles(dir)).toEqual([
      'jma/forecast/live/130000_20230731T1700.json',
      'tepco/live/20230801_1755_juyo-d1-j.csv',
      'tepco/live/20230801_1855_juyo-d1-j.csv',
    ]);
    expect(requests).toHaveLength(5);
  });

  it('leaves the snapshots to their readers: the daily table ignores live/, the forecast loader reads it', async () => {
    const json = JSON.stringify(liveJsonFromArchive(archiveRecords(archive, EVENING)));
    const { base } = await serve(
      livePaths({
        json: () => json,
        tepco: () => encodeCp932(tepcoRunningDayText('2023-08-01', { hours: 17, fiveMinutes: 214 })),
      }),
    );
    const dir = await tempDir();
    await fetchLiveSources({ dir, urls: urls(base), log: quiet });
    await writeTree(
      {
        'tepco/monthly/202307_power_usage.zip': zipSync({
          '20230731_power_usage.csv': encodeCp932(tepcoDailyText('2023-07-31')),
        }),
      },
      dir,
    );
    const daily = await loadDailyDataset({ source: dir });
    expect(daily.report.rowCount).toBe(1);
    expect(daily.report.ignoredFiles).toContain('tepco/live/20230801_1755_juyo-d1-j.csv');
    const forecasts = await loadJmaForecasts({ source: dir });
    expect(forecasts.rows).toEqual(readJmaForecastArchive(archive, { file: 'archive.csv' }));
    const actuals = readTepcoActualsSoFar(await readFile(path.join(dir, 'tepco/live/20230801_1755_juyo-d1-j.csv')), {
      file: 'tepco/live/20230801_1755_juyo-d1-j.csv',
    });
    expect(actuals.hoursMeasured).toBe(17);
  });

  it('refuses an HTML page, a truncated body or a server error, and writes nothing', async () => {
    const { base } = await serve((request, response) => {
      if (request.url?.endsWith('.json')) return void response.writeHead(200).end('<!DOCTYPE html><html>障害</html>');
      response.writeHead(200, { 'Content-Length': '5000' });
      response.write('2023/8/1 17:55 UPDATE\r\n');
      setTimeout(() => response.destroy(), 20);
    });
    const dir = await tempDir();
    const html = await expectDataError(() =>
      fetchLiveSources({ dir, urls: urls(base), kinds: ['jma-forecast'], log: quiet }),
    );
    expect(html).toBeInstanceOf(DownloadError);
    expect(html.message).toContain('the downloaded file is unreadable');
    expect(html.message).toContain('not JSON');
    const truncated = await expectDataError(() =>
      fetchLiveSources({ dir, urls: urls(base), kinds: ['tepco-live'], log: quiet }),
    );
    expect(truncated.message).toMatch(
      /connection closed before the body of 5000 bytes was complete|received \d+ of 5000/,
    );
    const { base: failing } = await serve((_request, response) => response.writeHead(503).end());
    const down = await expectDataError(() => fetchLiveSources({ dir, urls: urls(failing), log: quiet }));
    expect((down as DownloadError).status).toBe(503);
    expect(await listFiles(dir)).toEqual([]);
  });
});

const dataDir = process.env.POWERCAST_DATA_DIR;
describe.skipIf(!dataDir)('fetchLiveSources against a local server with the real files', () => {
  it("snapshots a live JSON built from the real archive and TEPCO's real day cut at 17:55", async () => {
    const archiveFile = await readFile(path.join(dataDir!, 'jma/forecast/forecast_202307_130000.csv'), 'utf8');
    const json = JSON.stringify(liveJsonFromArchive(archiveRecords(archiveFile, EVENING)));
    const zip = 'tepco/monthly/202307_power_usage.zip';
    const member = readZipMembers(await readFile(path.join(dataDir!, zip)), zip).find((m) =>
      m.name.startsWith('20230731'),
    )!;
    const lines = decodeText(member.bytes).text.split('\r\n');
    const fiveMinuteStart = lines.findIndex((line) => line.includes('当日実績(５分間隔値)'));
    // What the running file looks like at 17:55: hours from 17:00 and intervals from 17:50 still 0.
    const running = lines.map((line, i) => {
      if (i === 0) return '2023/7/31 17:55 UPDATE';
      const row = /^(2023\/7\/31),(\d{1,2}):(\d{2}),[^,]*,(.*)$/.exec(line);
      if (!row) return line;
      const minutes = Number(row[2]) * 60 + Number(row[3]);
      const measured = i > fiveMinuteStart ? minutes < 17 * 60 + 50 : minutes < 17 * 60;
      return measured ? line : `${row[1]},${row[2]}:${row[3]},0,${row[4]}`;
    });
    const { base } = await serve(livePaths({ json: () => json, tepco: () => encodeCp932(running.join('\r\n')) }));
    const dir = await tempDir();
    const fetched = await fetchLiveSources({ dir, urls: urls(base), log: quiet });
    expect(fetched.map((file) => file.path)).toEqual([
      'jma/forecast/live/130000_20230731T1700.json',
      'tepco/live/20230731_1755_juyo-d1-j.csv',
    ]);
    const archived = readJmaForecastArchive(archiveFile, { file: 'forecast_202307_130000.csv' });
    expect((await loadJmaForecasts({ source: dir })).rows).toEqual(archived.filter((row) => row.issued_at === EVENING));
    const actuals = readTepcoActualsSoFar(await readFile(path.join(dir, fetched[1]!.path)), { file: fetched[1]!.path });
    const day = readTepcoDailyFile(member.bytes, { file: zip, member: member.name });
    expect(actuals.hourlyManKw).toEqual(day.hourly.slice(0, 17).map((row) => row.demandManKw));
    expect(actuals.fiveMinutesMeasured).toBe(214);
  });
});

describe('size limits on downloads', () => {
  it('refuses a body above maxFileBytes from its Content-Length and, without one, while it streams', async () => {
    const big = 'x'.repeat(5000);
    const { base } = await serve((request, response) => {
      if (request.url === '/declared') response.writeHead(200, { 'content-length': String(big.length) }).end(big);
      else {
        // Chunked: no Content-Length, so only counting the bytes can stop it.
        response.writeHead(200);
        for (let i = 0; i < 5; i++) response.write(big);
        response.end();
      }
    });
    for (const route of ['/declared', '/chunked']) {
      const error = await expectDataError(() =>
        loadJmaForecasts({ source: `${base}${route}`, limits: { maxFileBytes: 4096 } }),
      );
      expect(error.kind).toBe('too-large');
      expect(error.location.file).toBe(`${base}${route}`);
      expect(error.message).toContain('above the read limit maxFileBytes = 4096');
    }
  });
});
