/**
 * `npx nx run predict-api:bench`: autocannon (50 connections, loopback) against POST /predict with
 * one record and against a bare Hono JSON echo route in the same server process, in alternating
 * rounds (the order swapped every round) so a drifting machine does not favour either route; the
 * median of the rounds' ratios is the figure. Then the server time of a 100-record batch and the
 * process RSS with the model loaded.
 * Trains on --data-dir, POWERCAST_DATA_DIR or ../shared/data, else on the synthetic table (with a notice).
 */
import { defineCommand, processIo, resolveUserPath } from '@powercast/contracts/cli';
import { benchCommandLine, benchModel, loadAverageText, requireOptions, singleRecordBodies } from './bench-setup.js';
import { measureRoute, median, type LoadSettings, type RouteLoad } from './route-load.js';
import { rssMb, startServer } from './server-process.js';

const BENCH = defineCommand({
  name: 'npx nx run predict-api:bench --',
  summary:
    'Throughput and latency of POST /predict against a bare JSON echo route in the same server process\n(alternating rounds), the server time of a 100-record batch, and the RSS with the model loaded.',
  options: {
    duration: { type: 'string', value: 'SECONDS', default: '20', description: 'load per route, over all rounds' },
    rounds: { type: 'string', value: 'N', default: '5', description: 'rounds of echo and predict, alternating' },
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
  notes: [
    'Each route also gets an uncounted 1 s warm-up before the first round.',
    'A relative path resolves from the directory you run the command in.',
  ],
});

const record = { date: '2023-08-01', max_temp: 35, min_temp: 26, weather: '晴' };
const WARM_UP_S = 1;

interface Round {
  echo: RouteLoad;
  predict: RouteLoad;
  predictFirst: boolean;
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

/** Rounds of echo and predict, the first route alternating, after a warm-up of each. */
async function alternatingRounds(
  pid: number,
  url: string,
  bodies: readonly string[],
  settings: LoadSettings & { rounds: number },
): Promise<Round[]> {
  const round = { durationS: settings.durationS / settings.rounds, connections: settings.connections };
  await measureRoute(pid, `${url}/echo`, bodies, { ...round, durationS: WARM_UP_S });
  await measureRoute(pid, `${url}/predict`, bodies, { ...round, durationS: WARM_UP_S });
  const rounds: Round[] = [];
  for (let i = 0; i < settings.rounds; i += 1) {
    const predictFirst = i % 2 === 1;
    const first = await measureRoute(pid, `${url}/${predictFirst ? 'predict' : 'echo'}`, bodies, round);
    const second = await measureRoute(pid, `${url}/${predictFirst ? 'echo' : 'predict'}`, bodies, round);
    rounds.push(
      predictFirst ? { predict: first, echo: second, predictFirst } : { echo: first, predict: second, predictFirst },
    );
  }
  return rounds;
}

const percent = (value: number): string => `${(value * 100).toFixed(1)} %`;
const verdict = (ok: boolean): string => (ok ? 'ok' : 'MISSED');
const range = (values: number[], format: (value: number) => string): string =>
  `${format(Math.min(...values))}–${format(Math.max(...values))}`;

/** The median of each figure over the rounds. */
function medianLoad(loads: RouteLoad[]): RouteLoad {
  const of = (pick: (load: RouteLoad) => number): number => median(loads.map(pick));
  return {
    requestsPerSecond: of((load) => load.requestsPerSecond),
    p50Ms: of((load) => load.p50Ms),
    p99Ms: of((load) => load.p99Ms),
    non2xx: loads.reduce((sum, load) => sum + load.non2xx, 0),
    errors: loads.reduce((sum, load) => sum + load.errors, 0),
    cpuUsPerRequest: of((load) => load.cpuUsPerRequest),
  };
}

const io = processIo();
const options = benchCommandLine(BENCH, io);
const settings = {
  durationS: Number(options.duration),
  rounds: Number(options.rounds),
  connections: Number(options.connections),
};
requireOptions(
  BENCH,
  io,
  settings.durationS > 0 &&
    Number.isInteger(settings.rounds) &&
    settings.rounds >= 1 &&
    Number.isInteger(settings.connections) &&
    settings.connections >= 1,
  '--duration must be > 0 seconds, --rounds and --connections positive integers',
);
const { modelDir, realData } = await benchModel(options['data-dir'], io, 'bench');
const cpuProfileDir = options['cpu-prof'] === undefined ? undefined : resolveUserPath(options['cpu-prof'], io);
const { url, child } = await startServer(modelDir, cpuProfileDir === undefined ? {} : { cpuProfileDir });
const pid = child.pid as number;

try {
  const loadBefore = loadAverageText();
  const rounds = await alternatingRounds(pid, url, singleRecordBodies(), settings);
  const batch = await batchServerTimeMs(url);
  const memory = await rssMb(pid);
  const ratios = rounds.map((round) => round.predict.requestsPerSecond / round.echo.requestsPerSecond);
  const cpuRatios = rounds.map((round) => round.echo.cpuUsPerRequest / round.predict.cpuUsPerRequest);
  const echo = medianLoad(rounds.map((round) => round.echo));
  const predict = medianLoad(rounds.map((round) => round.predict));
  const ratio = median(ratios);
  const worstP99 = Math.max(...rounds.map((round) => round.predict.p99Ms));
  console.info(
    `model: ${realData ? 'trained on the shared data (2022-04..2023-09), default hyperparameters' : 'synthetic'}; autocannon ${settings.rounds} round(s) × ${(settings.durationS / settings.rounds).toFixed(1)} s per route (echo and predict alternating, the first route swapped every round; ${WARM_UP_S} s warm-up each, not counted), ${settings.connections} connections, in the bench process (the server has its own), loopback`,
  );
  rounds.forEach((round, i) =>
    console.info(
      `round ${i + 1} (${round.predictFirst ? 'predict, echo' : 'echo, predict'}): echo ${round.echo.requestsPerSecond.toFixed(0)} req/s ${round.echo.cpuUsPerRequest.toFixed(0)} µs CPU p99 ${round.echo.p99Ms.toFixed(0)} ms; predict ${round.predict.requestsPerSecond.toFixed(0)} req/s ${round.predict.cpuUsPerRequest.toFixed(0)} µs CPU p99 ${round.predict.p99Ms.toFixed(0)} ms; ratio ${percent(ratios[i] as number)}, CPU ratio ${percent(cpuRatios[i] as number)}`,
    ),
  );
  console.info(
    `echo    (median of rounds): ${echo.requestsPerSecond.toFixed(0)} req/s, p50 ${echo.p50Ms.toFixed(2)} ms, p99 ${echo.p99Ms.toFixed(2)} ms, server CPU ${echo.cpuUsPerRequest.toFixed(0)} µs/request`,
  );
  console.info(
    `predict (median of rounds): ${predict.requestsPerSecond.toFixed(0)} req/s, p50 ${predict.p50Ms.toFixed(2)} ms, p99 ${predict.p99Ms.toFixed(2)} ms, server CPU ${predict.cpuUsPerRequest.toFixed(0)} µs/request, non-2xx ${predict.non2xx}, errors ${predict.errors} (all rounds)`,
  );
  console.info(
    `throughput ratio predict/echo: median ${percent(ratio)} over ${rounds.length} round(s), range ${range(ratios, percent)} (target ≥ 60 %: ${verdict(ratio >= 0.6)})`,
  );
  console.info(
    `CPU-time ratio echo/predict (capacity per core, independent of other load): median ${percent(median(cpuRatios))}, range ${range(cpuRatios, percent)}`,
  );
  console.info(
    `predict p99: median ${predict.p99Ms.toFixed(2)} ms = ${((predict.p99Ms / 20) * 100).toFixed(0)} % of the 20 ms target (${verdict(predict.p99Ms <= 20)}), worst round ${worstP99.toFixed(2)} ms; ${(predict.p99Ms / echo.p99Ms).toFixed(2)} × the echo route's p99`,
  );
  console.info(
    `100-record batch server time: median ${batch.medianMs.toFixed(2)} ms, p99 ${batch.p99Ms.toFixed(2)} ms (target ≤ 5 ms: ${verdict(batch.medianMs <= 5)})`,
  );
  console.info(
    `server RSS with the model loaded, after the load: ${memory.rssMb.toFixed(0)} MB, peak ${memory.peakMb.toFixed(0)} MB (target ≤ 200 MB: ${verdict(memory.rssMb <= 200)})`,
  );
  console.info(
    `machine load average: ${loadBefore} before the rounds, ${loadAverageText()} after (other work on the box skews the req/s figures, less the CPU µs/request)`,
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
