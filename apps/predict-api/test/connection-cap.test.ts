import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The service as `predict-api:serve` starts it, in its own process limited to 1,024 file
 * descriptors (the usual default), against more slow clients than that. Without a connection cap
 * the process runs out of descriptors; with the default cap it keeps a bounded number open,
 * closes the rest on arrival, cuts the slow ones at the headers timeout and answers again.
 */
const DESCRIPTOR_LIMIT = 1_024;
const SLOW_CLIENTS = 1_100;
// Long enough that all the slow clients connect inside it even on a loaded CI machine.
const HEADERS_TIMEOUT_MS = 10_000;
const CONNECT_BATCH = 100;
const main = join(import.meta.dirname, '..', 'src', 'main.ts');
const hasPrlimit = spawnSync('prlimit', ['--version']).status === 0;

let child: ChildProcess | undefined;
let output = '';
let url = '';

beforeAll(async () => {
  child = spawn(
    'prlimit',
    [
      `--nofile=${DESCRIPTOR_LIMIT}:${DESCRIPTOR_LIMIT}`,
      process.execPath,
      '--conditions=@powercast/source',
      '--import',
      'tsx',
      main,
      // No model: the service stays up answering /health, which is all this test needs.
      '--model-dir',
      join(import.meta.dirname, 'no-such-model'),
      '--port',
      '0',
    ],
    {
      env: {
        ...process.env,
        POWERCAST_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
        POWERCAST_REQUEST_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  url = await new Promise<string>((resolve, reject) => {
    child?.once('exit', (code) => reject(new Error(`service exited with ${code}: ${output}`)));
    child?.stdout?.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1] as string);
    });
  });
}, 60_000);

afterAll(() => {
  child?.kill('SIGTERM');
});

function slowClient(port: number): Promise<{ socket: Socket; closed: Promise<void> }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined); // dropped or cut: both are expected here
    socket.resume(); // read the 408, so the server's close reaches 'close' here
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.once('connect', () => {
      socket.write('GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\nx-slow: ');
      resolve({ socket, closed });
    });
    socket.once('close', () => resolve({ socket, closed }));
  });
}

function openDescriptors(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

describe.skipIf(!hasPrlimit)('connection cap under a 1,024-descriptor limit', () => {
  it(`holds ${SLOW_CLIENTS} slow connections without running out of descriptors, then answers again`, async () => {
    const port = Number(new URL(url).port);
    const pid = child?.pid as number;
    const started = Date.now();
    const clients = [];
    for (let i = 0; i < SLOW_CLIENTS; i += CONNECT_BATCH) {
      const batch = Math.min(CONNECT_BATCH, SLOW_CLIENTS - i);
      clients.push(...(await Promise.all(Array.from({ length: batch }, () => slowClient(port)))));
    }
    // Give the server a moment to accept (or drop) the last ones, still well inside the headers timeout.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(Date.now() - started).toBeLessThan(HEADERS_TIMEOUT_MS);
    const heldDescriptors = openDescriptors(pid);
    expect(heldDescriptors).toBeLessThan(DESCRIPTOR_LIMIT - 64);
    expect(child?.exitCode).toBeNull();

    await Promise.all(clients.map((client) => client.closed));
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const dropped = Number(/powercast_http_connections_dropped_total (\d+)/.exec(metrics)?.[1]);
    const timedOut = Number(/powercast_http_request_timeouts_total (\d+)/.exec(metrics)?.[1]);
    expect(dropped).toBeGreaterThanOrEqual(SLOW_CLIENTS - 900);
    expect(dropped + timedOut).toBe(SLOW_CLIENTS);
    expect(output).not.toMatch(/EMFILE|too many open files/i);
  }, 60_000);
});
