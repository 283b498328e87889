import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { AddressInfo } from 'node:net';
import type { DecisionDependencies } from '../decision/decide-package.js';
import { handleApprovalRequest, parseFormBody } from '../http/approval-request.js';
import type { HtmlResponse } from '../http/pages.js';
import { errorMessage } from '../log/logger.js';

/**
 * The largest request body read: the confirmation form (token, action, reason) is well under
 * 2 KiB, and without a limit the server would buffer whatever a client sends.
 */
export const MAX_APPROVAL_BODY_BYTES = 16 * 1024;

/** The decide endpoint as a Hono app: the same request handling as the Lambda, other adapters. */
export function createApprovalApp(deps: DecisionDependencies): Hono {
  const app = new Hono();
  const respond = (response: HtmlResponse): Response =>
    new Response(response.body, { status: response.status, headers: response.headers });
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  // A client that leaves mid-body (or is cut at the request timeout) is routine: one log line,
  // no stack, and no answer, since nobody is left to read it.
  app.onError((error, c) => {
    if (!c.req.raw.signal.aborted) {
      // Hono's own default for everything else.
      if (error instanceof HTTPException) return error.getResponse();
      console.error(error);
      return c.text('Internal Server Error', 500);
    }
    deps.logger.log('info', 'client closed the connection before the request was answered', {
      method: c.req.method,
      path: c.req.path.slice(0, 80),
      outcome: 'client-aborted',
      error: errorMessage(error),
    });
    return new Response(null, { status: 499 });
  });
  // Hono's own middleware: checks Content-Length first, counts chunked bodies as they stream.
  app.use(
    '/approval',
    bodyLimit({
      maxSize: MAX_APPROVAL_BODY_BYTES,
      onError: (c) =>
        c.json(
          {
            type: 'urn:powercast:problem:body-too-large',
            title: 'Request body too large',
            status: 413,
            detail: `The body exceeds the limit of ${MAX_APPROVAL_BODY_BYTES} bytes; an approval form is a token, an action and a short reason.`,
          },
          413,
          { 'content-type': 'application/problem+json' },
        ),
    }),
  );
  app.all('/approval', async (c) => {
    const method = c.req.method;
    const contentType = c.req.header('content-type') ?? '';
    const form =
      method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded')
        ? parseFormBody(await c.req.text())
        : {};
    return respond(await handleApprovalRequest({ method, query: c.req.query(), form }, deps));
  });
  return app;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** How long a client may take to send its headers, and its whole request. */
export interface ApprovalServerTimeouts {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
}

/** As predict-api's: a browser sends a form in milliseconds, so a stalled client is cut early. */
export const DEFAULT_APPROVAL_SERVER_TIMEOUTS: ApprovalServerTimeouts = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
};

/**
 * Listens on 127.0.0.1 (never on all interfaces: the links are capabilities). Port 0 = random.
 * A request past its timeout is answered 408 and closed (checked every second, not Node's 30 s).
 */
export async function listenApprovalApp(
  app: Hono,
  port: number,
  timeouts: ApprovalServerTimeouts = DEFAULT_APPROVAL_SERVER_TIMEOUTS,
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    let server: ServerType | undefined = undefined;
    const serverOptions = {
      headersTimeout: timeouts.headersTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      connectionsCheckingInterval: 1_000,
    };
    server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1', serverOptions }, (info: AddressInfo) => {
      const running = server as ServerType;
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done, fail) => running.close((error?: Error) => (error ? fail(error) : done()))),
      });
    });
    server.once('error', reject);
  });
}
