import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DownloadError, InputTooLargeError } from '../errors.js';
import { DEFAULT_READ_LIMITS } from '../limits.js';

/*
 * HTTP and file plumbing shared by every downloader: one request with a timeout, a body checked
 * against its declared length, errors that name the URL and the target with advice, and writes
 * that never leave a partial file under the final name.
 */

export async function request(url: string, target: string, init: RequestInit, timeoutMs = 60_000): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new DownloadError(
      url,
      target,
      `no response (${describeCause(error)})`,
      'check the network connection or proxy and run the fetch again',
    );
  }
}

export async function download(
  url: string,
  target: string,
  init: RequestInit,
  timeoutMs?: number,
  notFoundAdvice?: string,
  maxBytes: number = DEFAULT_READ_LIMITS.maxFileBytes,
): Promise<Uint8Array> {
  const response = await request(url, target, init, timeoutMs);
  if (!response.ok) {
    await response.arrayBuffer().catch(() => undefined);
    throw httpError(url, target, response.status, notFoundAdvice);
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new InputTooLargeError({ file: url }, declared, maxBytes, 'maxFileBytes');
  }
  let body: Uint8Array;
  try {
    body = await readCapped(response, url, maxBytes);
  } catch (error) {
    if (error instanceof InputTooLargeError) throw error;
    const expected = Number.isFinite(declared) ? ` of ${declared} bytes` : '';
    throw new DownloadError(
      url,
      target,
      `the connection closed before the body${expected} was complete (${describeCause(error)})`,
      'run the fetch again; nothing was written for this file',
      response.status,
    );
  }
  if (Number.isFinite(declared) && body.length !== declared) {
    throw new DownloadError(
      url,
      target,
      `received ${body.length} of ${declared} bytes`,
      'run the fetch again; nothing was written for this file',
      response.status,
    );
  }
  return body;
}

/** The response body, refused once it passes `maxBytes` (a server may send no or a wrong Content-Length). */
async function readCapped(response: Response, url: string, maxBytes: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new InputTooLargeError({ file: url }, total, maxBytes, 'maxFileBytes');
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.length;
  }
  return body;
}

export function httpError(url: string, target: string, status: number, notFoundAdvice?: string): DownloadError {
  const advice =
    status === 404
      ? (notFoundAdvice ??
        'ask only for published periods (TEPCO monthly ZIPs from 2022-04, yearly files from 2016; a day appears the next morning): narrow --from/--to')
      : status >= 500
        ? 'the server failed on its side; try again later'
        : 'check the URL (--tepco-url / --jma-url) and try again';
  return new DownloadError(url, target, `HTTP ${status}`, advice, status);
}

export async function writeAtomically(target: string, body: Uint8Array): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.part-${process.pid}`;
  try {
    await writeFile(temporary, body);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
