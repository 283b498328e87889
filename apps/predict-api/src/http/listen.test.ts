import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { StandInPredictor } from '../../test/support/stand-in-predictor.js';
import { ServiceMetrics } from '../monitoring/metrics.js';
import { createPredictApp } from './app.js';
import { DEFAULT_SERVER_LIMITS, listen, type ListeningServer, type ServerLimits } from './listen.js';

/** Short limits so a timeout is seen in about a second; the defaults are checked separately. */
const testLimits: ServerLimits = {
  headersTimeoutMs: 500,
  requestTimeoutMs: 1_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 100,
};

let server: ListeningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(): Promise<{ server: ListeningServer; metrics: ServiceMetrics; logs: string[] }> {
  const metrics = new ServiceMetrics();
  const logs: string[] = [];
  const app = createPredictApp({ predictor: new StandInPredictor(), metrics, log: (line) => logs.push(line) });
  server = await listen(app.fetch, '127.0.0.1', 0, { limits: testLimits, events: metrics });
  return { server, metrics, logs };
}

/** A raw TCP client: writes `text`, keeps the connection open, records what comes back and when it closes. */
async function rawClient(port: number, text: string): Promise<{ socket: Socket; closed: Promise<string> }> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(received)));
  socket.on('error', () => undefined); // a reset after the 408 is part of being cut
  socket.write(text);
  return { socket, closed };
}

const stalledPredictHead = (contentLength: number): string =>
  `POST /predict HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${contentLength}\r\n\r\n`;

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function counter(metrics: ServiceMetrics, series: string): number {
  const line = metrics
    .render()
    .split('\n')
    .find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('listen: slow clients are cut', () => {
  it('answers a stalled body 408 and closes it at the request timeout', async () => {
    const { server, metrics } = await start();
    const started = Date.now();
    const { closed } = await rawClient(server.port, `${stalledPredictHead(200)}{"date":"2025-`);
    const received = await closed;
    const elapsedMs = Date.now() - started;
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    // requestTimeoutMs plus at most one check interval (1 s), with room for a busy machine.
    expect(elapsedMs).toBeGreaterThanOrEqual(testLimits.requestTimeoutMs - 50);
    expect(elapsedMs).toBeLessThan(testLimits.requestTimeoutMs + 2_500);
    await until(() => counter(metrics, 'powercast_http_request_timeouts_total') === 1);
    expect(metrics.render()).not.toContain('status="500"');
  });

  it('answers a stalled header block 408 at the headers timeout', async () => {
    const { server, metrics } = await start();
    const started = Date.now();
    const { closed } = await rawClient(server.port, 'GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\nx-slow: ');
    expect(await closed).toMatch(/^HTTP\/1\.1 408 /);
    expect(Date.now() - started).toBeLessThan(testLimits.headersTimeoutMs + 2_500);
    await until(() => counter(metrics, 'powercast_http_request_timeouts_total') === 1);
  });

  it('keeps the default limits far below the 120 s a stalled body used to stay open', () => {
    // Cut at requestTimeoutMs plus at most one 1 s check interval.
    expect(DEFAULT_SERVER_LIMITS.requestTimeoutMs + 1_000).toBeLessThanOrEqual(31_000);
    expect(DEFAULT_SERVER_LIMITS.headersTimeoutMs).toBeLessThanOrEqual(DEFAULT_SERVER_LIMITS.requestTimeoutMs);
    // A load balancer's idle timeout (ALB: 60 s) must end idle connections before the service does.
    expect(DEFAULT_SERVER_LIMITS.keepAliveTimeoutMs).toBeGreaterThan(60_000);
    expect(DEFAULT_SERVER_LIMITS.maxConnections).toBeLessThan(1_024);
  });
});

describe('client aborts', () => {
  it('are counted apart from answered requests, logged as one line each, never as 500', async () => {
    const { server, metrics, logs } = await start();
    const aborts = 20;
    for (let i = 0; i < aborts; i += 1) {
      const { socket, closed } = await rawClient(server.port, `${stalledPredictHead(500)}{"date":"2025-05-20",`);
      await new Promise((resolve) => setTimeout(resolve, 10));
      socket.destroy();
      await closed;
    }
    await until(() => logs.length === aborts);
    const text = metrics.render();
    expect(text).toContain(`powercast_http_aborted_total{method="POST",route="/predict"} ${aborts}`);
    expect(text).not.toContain('status="500"');
    expect(text).not.toMatch(/powercast_http_requests_total\{method="POST"/);
    for (const line of logs) {
      expect(line).toMatch(/^predict-api: POST \/predict ended before it was answered/);
      expect(line).not.toContain('\n');
    }
    // The service still answers afterwards.
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});

describe('/docs/assets over HTTP', () => {
  /** A raw request path (fetch would normalise `..` and encodings before sending). */
  function getPath(port: number, path: string): Promise<{ status: number; contentType: string | undefined }> {
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest({ host: '127.0.0.1', port, path, method: 'GET' }, (response) => {
        response.resume();
        response.once('end', () =>
          resolve({ status: response.statusCode ?? 0, contentType: response.headers['content-type'] }),
        );
      });
      outgoing.once('error', reject);
      outgoing.end();
    });
  }

  it('answers 404 for inherited property names, traversal and their encodings', async () => {
    const { server, metrics } = await start();
    const names = [
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'valueOf',
      '%5F%5Fproto%5F%5F',
      '__proto__%00',
      '..%2Fpackage.json',
      '..%2F..%2Fpackage.json',
      '%2e%2e%2fpackage.json',
      '../x',
      '..%5Cpackage.json',
    ];
    for (const name of names) {
      const answer = await getPath(server.port, `/docs/assets/${name}`);
      expect({ name, ...answer }).toEqual({ name, status: 404, contentType: 'application/problem+json' });
    }
    expect(metrics.render()).not.toContain('status="500"');
    expect((await getPath(server.port, '/docs/assets/swagger-ui.css')).status).toBe(200);
  });
});
