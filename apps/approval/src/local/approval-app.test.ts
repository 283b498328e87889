import { openArtifactStore } from '@powercast/aws-pipeline';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../log/logger.js';
import { createApprovalApp, listenApprovalApp, MAX_APPROVAL_BODY_BYTES, type RunningServer } from './approval-app.js';
import { localDecisionDependencies } from './local-approval.js';

/** Short timeouts so a stalled client is seen cut in about a second. */
const timeouts = { headersTimeoutMs: 500, requestTimeoutMs: 1_000 };

describe('local approval server limits (real HTTP on 127.0.0.1)', () => {
  let dir: string;
  let server: RunningServer;
  let port: number;
  const logger = memoryLogger();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'approval-limits-'));
    const deps = await localDecisionDependencies({ store: openArtifactStore(dir), logger });
    server = await listenApprovalApp(createApprovalApp(deps), 0, timeouts);
    port = Number(new URL(server.url).port);
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const oversizedForm = `token=${'a'.repeat(MAX_APPROVAL_BODY_BYTES)}&action=approve`;

  async function expectTooLarge(response: { status: number; contentType: string | null; body: string }): Promise<void> {
    expect(response.status).toBe(413);
    expect(response.contentType).toBe('application/problem+json');
    expect(JSON.parse(response.body)).toMatchObject({
      type: 'urn:powercast:problem:body-too-large',
      status: 413,
      detail: expect.stringContaining(`${MAX_APPROVAL_BODY_BYTES} bytes`),
    });
  }

  it('answers 413 with a JSON reason to a declared body over the limit', async () => {
    const response = await fetch(`${server.url}/approval`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: oversizedForm,
    });
    await expectTooLarge({
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: await response.text(),
    });
  });

  it('answers 413 to a chunked body (no Content-Length) once it passes the limit', async () => {
    const answer = await new Promise<{ status: number; contentType: string | null; body: string }>(
      (resolve, reject) => {
        const outgoing = httpRequest(
          {
            host: '127.0.0.1',
            port,
            path: '/approval',
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' },
          },
          (response) => {
            let body = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => (body += chunk));
            response.once('end', () =>
              resolve({
                status: response.statusCode ?? 0,
                contentType: response.headers['content-type'] ?? null,
                body,
              }),
            );
          },
        );
        outgoing.once('error', reject);
        for (let sent = 0; sent <= MAX_APPROVAL_BODY_BYTES; sent += 1024) outgoing.write('a'.repeat(1024));
        outgoing.end();
      },
    );
    await expectTooLarge(answer);
  });

  it('still hands a form under the limit to the decision (a malformed token is its 400)', async () => {
    const response = await fetch(`${server.url}/approval`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=not-a-token&action=approve',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('answers a stalled body 408 and closes the connection at the request timeout', async () => {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    const started = Date.now();
    socket.write(
      'POST /approval HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: 100\r\n\r\ntoken=',
    );
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(Date.now() - started).toBeLessThan(timeouts.requestTimeoutMs + 2_500);
    // The handler's unfinished body read ends as one log record, not an error with a stack.
    for (let wait = 0; wait < 50 && !logger.records.some((record) => record.outcome === 'client-aborted'); wait += 1)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(logger.records.filter((record) => record.outcome === 'client-aborted')).toEqual([
      expect.objectContaining({ level: 'info', method: 'POST', path: '/approval' }),
    ]);
  });

  it('answers a stalled header block 408 at the headers timeout', async () => {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    const started = Date.now();
    socket.write('GET /approval?token=x HTTP/1.1\r\nhost: 127.0.0.1\r\n');
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(Date.now() - started).toBeLessThan(timeouts.headersTimeoutMs + 2_500);
  });
});
