/**
 * autocannon against one route of the bench server, with the server's CPU time per request read
 * from /proc (unaffected by other load on the box, unlike requests per second).
 */
import autocannon from 'autocannon';
import { cpuSeconds } from './server-process.js';

export interface LoadSettings {
  durationS: number;
  connections: number;
}

export interface RouteLoad {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  cpuUsPerRequest: number;
}

/** autocannon against `url`, cycling through `bodies` one per request on every connection. */
export async function measureRoute(
  pid: number,
  url: string,
  bodies: readonly string[],
  settings: LoadSettings,
): Promise<RouteLoad> {
  const cpuBefore = await cpuSeconds(pid);
  const result = await autocannon({
    url,
    connections: settings.connections,
    duration: settings.durationS,
    requests: bodies.map((body) => ({ method: 'POST', body, headers: { 'content-type': 'application/json' } })),
  });
  const cpuUsed = (await cpuSeconds(pid)) - cpuBefore;
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    cpuUsPerRequest: (cpuUsed * 1e6) / Math.max(1, result.requests.total),
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
