import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import type { DecisionDependencies } from '../decision/decide-package.js';
import { handleApprovalRequest, parseFormBody } from '../http/approval-request.js';
import type { HtmlResponse } from '../http/pages.js';

/** The decide endpoint as a Hono app: the same request handling as the Lambda, other adapters. */
export function createApprovalApp(deps: DecisionDependencies): Hono {
  const app = new Hono();
  const respond = (response: HtmlResponse): Response =>
    new Response(response.body, { status: response.status, headers: response.headers });
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
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

/** Listens on 127.0.0.1 (never on all interfaces: the links are capabilities). Port 0 = random. */
export async function listenApprovalApp(app: Hono, port: number): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    let server: ServerType | undefined = undefined;
    server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info: AddressInfo) => {
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
