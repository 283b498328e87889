import { RequestProblem } from '../http/problem.js';

/**
 * Read a request body as UTF-8 text, refusing more than `maxBytes` without buffering it all:
 * a declared Content-Length is checked first, then the stream is counted chunk by chunk
 * (chunked uploads declare no length).
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared)) {
    if (declared > maxBytes) throw bodyTooLarge(maxBytes);
    // Node's HTTP parser never delivers more than the declared length, and reading the whole body
    // at once skips the web-stream adapter (the costliest step of a small request).
    return Buffer.from(await request.arrayBuffer()).toString('utf8');
  }
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw bodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

function bodyTooLarge(maxBytes: number): RequestProblem {
  return new RequestProblem(
    413,
    'body-too-large',
    'Request body too large',
    `The body exceeds the limit of ${maxBytes} bytes (1 MiB); send at most 1,000 records per request.`,
  );
}
