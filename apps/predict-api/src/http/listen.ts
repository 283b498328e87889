import type { AddressInfo, Socket } from 'node:net';
import { serve } from '@hono/node-server';

/**
 * How long a client may take and how many may be connected at once. Without them Node waits
 * 300 s for a request body (checked only every 30 s) and accepts connections until the process
 * runs out of file descriptors, so a few hundred slow clients take the service down.
 */
export interface ServerLimits {
  /** Time from connection (or the end of the previous request) to the last request header. */
  headersTimeoutMs: number;
  /** Time from connection to the last byte of the request body (must be ≥ headersTimeoutMs). */
  requestTimeoutMs: number;
  /** Idle time an open keep-alive connection waits for its next request. */
  keepAliveTimeoutMs: number;
  /** Open connections beyond this are closed as soon as they are accepted. */
  maxConnections: number;
}

/**
 * Defaults for a forecast API behind a load balancer. A 1 MiB body is sent in well under 30 s
 * even over a slow link; the keep-alive time outlasts an ALB's 60 s idle timeout, so the balancer
 * (not the service) closes idle connections and never sends a request onto a socket being closed;
 * the cap leaves ~120 descriptors of the usual 1,024 for model files, the store and stdio.
 */
export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 65_000,
  maxConnections: 900,
};

/**
 * How often Node looks for requests past their timeout (its default is 30 s, which would let a
 * stalled body live for up to requestTimeoutMs + 30 s).
 */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

/** What the connection layer tells the metrics: requests cut by a timeout, connections refused by the cap. */
export interface ConnectionEvents {
  requestTimedOut(): void;
  connectionDropped(): void;
}

export interface ListenOptions {
  limits?: ServerLimits;
  events?: ConnectionEvents;
}

export interface ListeningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serve a fetch handler over Node HTTP with `limits`; resolves once listening (port 0 picks a free port). */
export function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  hostname: string,
  port: number,
  options: ListenOptions = {},
): Promise<ListeningServer> {
  const limits = options.limits ?? DEFAULT_SERVER_LIMITS;
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch,
        hostname,
        port,
        serverOptions: {
          headersTimeout: limits.headersTimeoutMs,
          requestTimeout: limits.requestTimeoutMs,
          keepAliveTimeout: limits.keepAliveTimeoutMs,
          connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
        },
      },
      (info: AddressInfo) => {
        const shownHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        resolve({
          url: `http://${shownHost}:${info.port}`,
          port: info.port,
          close: () =>
            new Promise<void>((done, fail) => {
              server.close((error) => (error ? fail(error) : done()));
              if ('closeAllConnections' in server) server.closeAllConnections();
            }),
        });
      },
    );
    server.maxConnections = limits.maxConnections;
    const events = options.events;
    if (events !== undefined) {
      server.on('drop', () => events.connectionDropped());
      // Node's own handler answers a timed-out request 408 and destroys the socket with the
      // timeout error; listening on the socket counts it without replacing that handler.
      server.on('connection', (socket: Socket) => {
        socket.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') events.requestTimedOut();
        });
      });
    }
    server.once('error', reject);
  });
}
