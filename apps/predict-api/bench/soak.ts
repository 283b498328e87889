/**
 * `npx nx run predict-api:soak -- --minutes 10`: the service (bundled, own process, default
 * timeouts and connection cap) under autocannon at 50 connections with 5 % malformed bodies, while
 * 100 slow clients trickle headers or bodies and /health is asked every second. Reports the 5xx
 * count, the RSS growth after warm-up and /health's answers; exits 1 when a target is missed:
 * 0 × 5xx, RSS growth ≤ 20 %, /health always answering. Bounded by --minutes; not part of CI.
 */
import { connect, type Socket } from 'node:net';
import autocannon from 'autocannon';
import { defineCommand, processIo } from '@powercast/contracts/cli';
import { benchCommandLine, benchModel, loadAverageText, requireOptions, singleRecordBodies } from './bench-setup.js';
import { rssMb, startServer } from './server-process.js';

const SOAK = defineCommand({
  name: 'npx nx run predict-api:soak --',
  summary:
    'A bounded soak of the service: load with malformed bodies, slow clients and a /health probe;\nexits 1 when a target (0 × 5xx, RSS growth ≤ 20 %, /health always answering) is missed.',
  options: {
    minutes: { type: 'string', value: 'N', default: '10', description: 'length of the soak' },
    connections: { type: 'string', value: 'N', default: '50', description: 'autocannon connections' },
    'slow-clients': { type: 'string', value: 'N', default: '100', description: 'clients trickling bytes' },
    'malformed-percent': { type: 'string', value: 'P', default: '5', description: 'share of malformed bodies' },
    'data-dir': {
      type: 'string',
      value: 'DIR',
      description:
        'train the model on these files (default: $POWERCAST_DATA_DIR, else ../shared/data, else a synthetic table)',
    },
  },
  notes: ['A relative path resolves from the directory you run the command in.'],
});

const HEALTH_INTERVAL_MS = 1_000;
const HEALTH_TIMEOUT_MS = 2_000;
const RSS_INTERVAL_MS = 5_000;
/** How often a slow client sends its next byte: slower than any timeout lets through. */
const TRICKLE_INTERVAL_MS = 2_000;
const MAX_RSS_GROWTH = 0.2;

interface LoadRequest {
  method: 'POST';
  body: string;
  headers: Record<string, string>;
}

/** One of each kind of bad input a client sends: each must be a 4xx, never a 5xx. */
const MALFORMED: LoadRequest[] = [
  { body: '{"date":"2023-08-01","max_temp":35,', contentType: 'application/json' },
  { body: '{"date":"2023-02-30","max_temp":35,"min_temp":26,"weather":"晴"}', contentType: 'application/json' },
  { body: '{"date":"2023-08-01","max_temp":"hot","min_temp":26,"weather":"晴"}', contentType: 'application/json' },
  { body: '{"date":"2023-08-01","max_temp":20,"min_temp":26,"weather":"晴"}', contentType: 'application/json' },
  { body: `${'['.repeat(64)}${']'.repeat(64)}`, contentType: 'application/json' },
  { body: '[]', contentType: 'application/json' },
  { body: '{"features":[["2023-08-01",35]]}', contentType: 'application/json' },
  { body: '2023-08-01,35,26', contentType: 'text/csv' },
  { body: '<record/>', contentType: 'application/xml' },
  { body: '\u0000\u00ff\ufffd', contentType: 'application/json' },
].map(({ body, contentType }): LoadRequest => ({ method: 'POST', body, headers: { 'content-type': contentType } }));

/** A request list in which `percent` % are malformed, spread evenly (autocannon cycles through it). */
function requestMix(percent: number): LoadRequest[] {
  const total = 400;
  const malformedCount = Math.round((total * percent) / 100);
  const every = malformedCount === 0 ? Number.POSITIVE_INFINITY : total / malformedCount;
  const valid = singleRecordBodies(total);
  let nextMalformed = 0;
  return valid.map((body, i) => {
    if (i >= nextMalformed * every && nextMalformed < malformedCount) {
      nextMalformed += 1;
      return MALFORMED[nextMalformed % MALFORMED.length] as LoadRequest;
    }
    return { method: 'POST', body, headers: { 'content-type': 'application/json' } };
  });
}

interface SlowClientStats {
  connections: number;
  cutWith408: number;
  closedOtherwise: number;
}

/**
 * Slow clients that keep coming back: half trickle a header block, half a body, one byte every
 * two seconds, and reconnect when the server cuts them; stopped by the returned function.
 */
function slowClients(port: number, count: number): { stop: () => SlowClientStats } {
  const stats: SlowClientStats = { connections: 0, cutWith408: 0, closedOtherwise: 0 };
  const sockets = new Set<Socket>();
  let stopped = false;
  const open = (index: number): void => {
    if (stopped) return;
    stats.connections += 1;
    const socket = connect(port, '127.0.0.1');
    sockets.add(socket);
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.once('connect', () => {
      socket.write(
        index % 2 === 0
          ? 'GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\n'
          : 'POST /predict HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 4096\r\n\r\n',
      );
      timer = setInterval(() => socket.write(index % 2 === 0 ? 'x' : ' '), TRICKLE_INTERVAL_MS);
    });
    socket.once('close', () => {
      clearInterval(timer);
      sockets.delete(socket);
      if (stopped) return;
      if (received.startsWith('HTTP/1.1 408 ')) stats.cutWith408 += 1;
      else stats.closedOtherwise += 1;
      open(index);
    });
  };
  for (let i = 0; i < count; i += 1) open(i);
  return {
    stop: () => {
      stopped = true;
      for (const socket of sockets) socket.destroy();
      return stats;
    },
  };
}

interface HealthStats {
  probes: number;
  failures: number;
  maxMs: number;
  latenciesMs: number[];
}

function healthProbe(url: string): { stop: () => Promise<HealthStats> } {
  const stats: HealthStats = { probes: 0, failures: 0, maxMs: 0, latenciesMs: [] };
  let inFlight: Promise<void> = Promise.resolve();
  const probe = async (): Promise<void> => {
    const started = performance.now();
    stats.probes += 1;
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
      await response.arrayBuffer();
      if (response.status !== 200) stats.failures += 1;
    } catch {
      stats.failures += 1;
    }
    const elapsed = performance.now() - started;
    stats.latenciesMs.push(elapsed);
    stats.maxMs = Math.max(stats.maxMs, elapsed);
  };
  const timer = setInterval(() => (inFlight = probe()), HEALTH_INTERVAL_MS);
  return {
    stop: async () => {
      clearInterval(timer);
      await inFlight;
      return stats;
    },
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

function metricValue(text: string, pattern: RegExp): number {
  let total = 0;
  for (const match of text.matchAll(pattern)) total += Number(match[1]);
  return total;
}

const io = processIo();
const options = benchCommandLine(SOAK, io);
const minutes = Number(options.minutes);
const connections = Number(options.connections);
const slowClientCount = Number(options['slow-clients']);
const malformedPercent = Number(options['malformed-percent']);
requireOptions(
  SOAK,
  io,
  minutes > 0 &&
    Number.isInteger(connections) &&
    connections >= 1 &&
    Number.isInteger(slowClientCount) &&
    slowClientCount >= 0 &&
    malformedPercent >= 0 &&
    malformedPercent <= 100,
  '--minutes must be > 0, --connections a positive integer, --slow-clients an integer ≥ 0, --malformed-percent 0..100',
);
const durationS = Math.round(minutes * 60);
// The first fifth of the run (at most a minute) warms the JIT and the heap; growth is measured after it.
const warmUpS = Math.min(60, durationS / 5);

const { modelDir } = await benchModel(options['data-dir'], io, 'soak');
const { url, child } = await startServer(modelDir);
const pid = child.pid as number;

let exitCode = 1;
try {
  console.info(
    `soak: ${minutes} min, ${connections} connections (${malformedPercent} % malformed bodies), ${slowClientCount} slow clients, /health every ${HEALTH_INTERVAL_MS / 1000} s`,
  );
  const slow = slowClients(Number(new URL(url).port), slowClientCount);
  const health = healthProbe(url);
  const rssSamples: { atS: number; rssMb: number }[] = [];
  const started = Date.now();
  const rssTimer = setInterval(() => {
    void rssMb(pid).then((memory) => rssSamples.push({ atS: (Date.now() - started) / 1000, rssMb: memory.rssMb }));
  }, RSS_INTERVAL_MS);

  const result = await autocannon({
    url: `${url}/predict`,
    connections,
    duration: durationS,
    requests: requestMix(malformedPercent),
  });

  clearInterval(rssTimer);
  const healthStats = await health.stop();
  const slowStats = slow.stop();
  const finalMemory = await rssMb(pid);
  const metrics = await (await fetch(`${url}/metrics`)).text();

  const statusCounts = new Map<number, number>();
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {}))
    statusCounts.set(Number(code), (stats as { count: number }).count);
  const count = (from: number, to: number): number =>
    [...statusCounts].filter(([code]) => code >= from && code < to).reduce((sum, [, value]) => sum + value, 0);
  const serverErrors = count(500, 600);
  const served5xx = metricValue(metrics, /powercast_http_requests_total\{[^}]*status="5\d\d"\} (\d+)/g);
  const baseline = rssSamples.find((sample) => sample.atS >= warmUpS) ?? rssSamples[0];
  const baselineMb = baseline?.rssMb ?? finalMemory.rssMb;
  const growth = (finalMemory.rssMb - baselineMb) / baselineMb;

  console.info(
    `load: ${result.requests.total} requests (${(result.requests.total / result.duration).toFixed(0)} req/s), 2xx ${count(200, 300)}, 4xx ${count(400, 500)}, 5xx ${serverErrors}, connection errors ${result.errors}, timeouts ${result.timeouts}; p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
  );
  console.info(
    `server: 5xx in /metrics ${served5xx}, aborted ${metricValue(metrics, /powercast_http_aborted_total\{[^}]*\} (\d+)/g)}, request timeouts ${metricValue(metrics, /powercast_http_request_timeouts_total (\d+)/g)}, dropped connections ${metricValue(metrics, /powercast_http_connections_dropped_total (\d+)/g)}`,
  );
  console.info(
    `slow clients: ${slowStats.connections} connections, ${slowStats.cutWith408} cut with 408, ${slowStats.closedOtherwise} closed otherwise`,
  );
  console.info(
    `/health: ${healthStats.probes} probes, ${healthStats.failures} failed, p99 ${percentile(healthStats.latenciesMs, 0.99).toFixed(1)} ms, max ${healthStats.maxMs.toFixed(1)} ms`,
  );
  console.info(
    `RSS: ${baselineMb.toFixed(0)} MB after the ${warmUpS.toFixed(0)} s warm-up → ${finalMemory.rssMb.toFixed(0)} MB at the end (${(growth * 100).toFixed(1)} %), peak ${finalMemory.peakMb.toFixed(0)} MB`,
  );
  const missed: string[] = [];
  if (serverErrors + served5xx > 0)
    missed.push(`0 × 5xx (saw ${serverErrors} at the client, ${served5xx} in /metrics)`);
  if (growth > MAX_RSS_GROWTH)
    missed.push(`RSS growth ≤ ${MAX_RSS_GROWTH * 100} % (saw ${(growth * 100).toFixed(1)} %)`);
  if (healthStats.failures > 0 || healthStats.probes === 0)
    missed.push(`/health always answering (${healthStats.failures} of ${healthStats.probes} failed)`);
  console.info(`machine load average: ${loadAverageText()}`);
  if (missed.length === 0) {
    console.info('soak: all targets met (0 × 5xx, RSS growth ≤ 20 %, /health always answering)');
    exitCode = 0;
  } else {
    console.error(`soak: MISSED ${missed.join('; ')}`);
  }
} finally {
  child.kill('SIGTERM');
}
process.exit(exitCode);
