/**
 * `npx nx run predict-api:bench`: autocannon (10 s, 50 connections, loopback) against POST /predict
 * with one record and against a bare Hono JSON echo route in the same process, same run; then the
 * server time of a 100-record batch and the process RSS with the model loaded.
 * Trains on --data-dir, POWERCAST_DATA_DIR or ../shared/data, else on the synthetic table (with a notice).
 */
import { cpus, loadavg } from 'node:os';
import autocannon from 'autocannon';
import {
  defineCommand,
  helpText,
  parseCommandLine,
  processIo,
  realDataDir,
  reportError,
  resolveUserPath,
} from '@powercast/contracts/cli';
import { trainRealArtifact, trainSyntheticArtifact } from '../test/support/trained-model.js';
import { cpuSeconds, rssMb, startServer } from './server-process.js';

const BENCH = defineCommand({
  name: 'npx nx run predict-api:bench --',
  summary:
    'Throughput and latency of POST /predict against a bare JSON echo route in the same server process,\nthe server time of a 100-record batch, and the RSS with the model loaded.',
  options: {
    duration: { type: 'string', value: 'SECONDS', default: '10', description: 'load per route' },
    connections: { type: 'string', value: 'N', default: '50', description: 'concurrent connections' },
    'cpu-prof': {
      type: 'string',
      value: 'DIR',
      description: 'run the server under node --cpu-prof and write its .cpuprofile to DIR (open in Chrome DevTools)',
    },
    'data-dir': {
      type: 'string',
      value: 'DIR',
      description:
        'train the model on these files (default: $POWERCAST_DATA_DIR, else ../shared/data, else a synthetic table)',
    },
  },
  notes: ['A relative path resolves from the directory you run the command in.'],
});

const record = { date: '2023-08-01', max_temp: 35, min_temp: 26, weather: '晴' };

interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

interface LoadSettings {
  durationS: number;
  connections: number;
}

/** autocannon against `url`, cycling through `bodies` one per request on every connection. */
async function load(url: string, bodies: string[], settings: LoadSettings): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections: settings.connections,
    duration: settings.durationS,
    requests: bodies.map((body) => ({ method: 'POST', body, headers: { 'content-type': 'application/json' } })),
  });
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/**
 * One record per request, a different day each (a year of dates, temperatures and weather), so
 * coalescing meets neighbouring dates as real traffic would rather than one repeated body.
 */
function singleRecordBodies(): string[] {
  const weathers = ['晴', '曇', '雨', '晴後曇', '曇一時雨', '快晴', '雪'];
  return Array.from({ length: 365 }, (_, i) => {
    const date = new Date(Date.UTC(2023, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const maxTemp = Math.round(18 - 10 * Math.cos((i / 365) * 2 * Math.PI) + ((i * 7) % 5));
    return JSON.stringify({
      date,
      max_temp: maxTemp,
      min_temp: maxTemp - 6 - (i % 4),
      weather: weathers[i % weathers.length],
    });
  });
}

/** Server-side handling time of a 100-record batch, from the Server-Timing header, over HTTP. */
async function batchServerTimeMs(url: string): Promise<{ medianMs: number; p99Ms: number }> {
  const batch = JSON.stringify(
    Array.from({ length: 100 }, (_, i) => ({
      ...record,
      date: `2023-0${(i % 9) + 1}-${String((i % 28) + 1).padStart(2, '0')}`,
      max_temp: 20 + (i % 15),
      min_temp: 12 + (i % 15),
    })),
  );
  const times: number[] = [];
  for (let i = 0; i < 300; i += 1) {
    const response = await fetch(`${url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: batch,
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`batch answered ${response.status}`);
    const serverTiming = /dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '');
    if (!serverTiming) throw new Error('no Server-Timing header on /predict');
    if (i >= 50) times.push(Number(serverTiming[1])); // the first 50 warm up the JIT
  }
  times.sort((a, b) => a - b);
  return {
    medianMs: times[Math.floor(times.length / 2)] as number,
    p99Ms: times[Math.floor(times.length * 0.99)] as number,
  };
}

/** Load on one route, with the server's CPU time per request (unaffected by other load on the box). */
async function measure(
  pid: number,
  url: string,
  bodies: string[],
  settings: LoadSettings,
): Promise<LoadResult & { cpuUsPerRequest: number }> {
  const cpuBefore = await cpuSeconds(pid);
  const result = await load(url, bodies, settings);
  const cpuUsed = (await cpuSeconds(pid)) - cpuBefore;
  return { ...result, cpuUsPerRequest: (cpuUsed * 1e6) / (result.requestsPerSecond * settings.durationS) };
}

const io = processIo();
let options;
try {
  const line = parseCommandLine(BENCH, process.argv.slice(2));
  if (line.help) {
    io.err(helpText(BENCH));
    process.exit(0);
  }
  options = line.values;
} catch (error) {
  process.exit(reportError(error, io));
}
const settings: LoadSettings = { durationS: Number(options.duration), connections: Number(options.connections) };
if (!(settings.durationS > 0) || !Number.isInteger(settings.connections) || settings.connections < 1) {
  io.err(`${BENCH.name}: --duration must be > 0 seconds and --connections a positive integer`);
  process.exit(2);
}
const dataDir = options['data-dir'] === undefined ? realDataDir(io) : resolveUserPath(options['data-dir'], io);
if (!dataDir)
  console.warn('bench: no data (POWERCAST_DATA_DIR, ../shared/data); training on the synthetic table instead.');
const { artifact } = dataDir ? await trainRealArtifact(dataDir, 'production') : await trainSyntheticArtifact();
const cpuProfileDir = options['cpu-prof'] === undefined ? undefined : resolveUserPath(options['cpu-prof'], io);
const { url, child } = await startServer(artifact.dir, cpuProfileDir === undefined ? {} : { cpuProfileDir });

try {
  const bodies = singleRecordBodies();
  const echo = await measure(child.pid as number, `${url}/echo`, bodies, settings);
  const predict = await measure(child.pid as number, `${url}/predict`, bodies, settings);
  const batch = await batchServerTimeMs(url);
  const memory = await rssMb(child.pid as number);
  const ratio = predict.requestsPerSecond / echo.requestsPerSecond;
  const verdict = (ok: boolean): string => (ok ? 'ok' : 'MISSED');
  console.info(
    `model: ${dataDir ? 'trained on the shared data (2022-04..2023-09), default hyperparameters' : 'synthetic'}; autocannon ${settings.durationS} s, ${settings.connections} connections, in the bench process (the server has its own), loopback`,
  );
  console.info(
    `echo    : ${echo.requestsPerSecond.toFixed(0)} req/s, p50 ${echo.p50Ms.toFixed(2)} ms, p99 ${echo.p99Ms.toFixed(2)} ms, server CPU ${echo.cpuUsPerRequest.toFixed(0)} µs/request`,
  );
  console.info(
    `predict : ${predict.requestsPerSecond.toFixed(0)} req/s, p50 ${predict.p50Ms.toFixed(2)} ms, p99 ${predict.p99Ms.toFixed(2)} ms, server CPU ${predict.cpuUsPerRequest.toFixed(0)} µs/request, non-2xx ${predict.non2xx}, errors ${predict.errors}`,
  );
  console.info(
    `throughput ratio predict/echo: ${(ratio * 100).toFixed(1)} % (target ≥ 60 %: ${verdict(ratio >= 0.6)})`,
  );
  console.info(
    `CPU-time ratio echo/predict (capacity per core, independent of other load): ${((echo.cpuUsPerRequest / predict.cpuUsPerRequest) * 100).toFixed(1)} %`,
  );
  console.info(
    `predict p99: ${predict.p99Ms.toFixed(2)} ms = ${((predict.p99Ms / 20) * 100).toFixed(0)} % of the 20 ms target (${verdict(predict.p99Ms <= 20)}); ${(predict.p99Ms / echo.p99Ms).toFixed(2)} × the echo route's p99`,
  );
  console.info(
    `100-record batch server time: median ${batch.medianMs.toFixed(2)} ms, p99 ${batch.p99Ms.toFixed(2)} ms (target ≤ 5 ms: ${verdict(batch.medianMs <= 5)})`,
  );
  console.info(
    `server RSS with the model loaded, after the load: ${memory.rssMb.toFixed(0)} MB, peak ${memory.peakMb.toFixed(0)} MB (target ≤ 200 MB: ${verdict(memory.rssMb <= 200)})`,
  );
  console.info(
    `machine load average during the run: ${loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')} on ${cpus().length} cores (other work on the box skews the load figures)`,
  );
} finally {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  // The profile is written as the server exits.
  if (cpuProfileDir !== undefined) {
    await exited;
    console.info(`server CPU profile written to ${cpuProfileDir}`);
  }
}
