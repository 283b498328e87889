import { TextDecoder } from 'node:util';
import { RequestProblem } from '../http/problem.js';

/** The charsets a body may declare: UTF-8 (the default) and Shift_JIS / CP932, TEPCO's and JMA's own. */
export const SUPPORTED_CHARSETS = ['utf-8', 'shift_jis (cp932, windows-31j)'] as const;

const UTF8_LABELS = new Set(['utf-8', 'utf8', 'us-ascii']);
const SHIFT_JIS_LABELS = new Set([
  'shift_jis',
  'shift-jis',
  'sjis',
  'x-sjis',
  'cp932',
  'ms932',
  'windows-31j',
  'ms_kanji',
  'csshiftjis',
]);

type BodyCharset = 'utf-8' | 'shift_jis';

/** The Content-Type's charset parameter (UTF-8 when absent); 415 naming the supported ones otherwise. */
export function bodyCharset(contentType: string | undefined): BodyCharset {
  // Most bodies declare no parameter at all: nothing to split.
  if (contentType === undefined || !contentType.includes(';')) return 'utf-8';
  const parameter = (contentType ?? '')
    .split(';')
    .slice(1)
    .map((part) => part.trim())
    .find((part) => part.toLowerCase().startsWith('charset='));
  if (parameter === undefined) return 'utf-8';
  const label = parameter
    .slice('charset='.length)
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .toLowerCase();
  if (UTF8_LABELS.has(label)) return 'utf-8';
  if (SHIFT_JIS_LABELS.has(label)) return 'shift_jis';
  throw new RequestProblem(
    415,
    'unsupported-charset',
    'Unsupported charset',
    `charset "${label.slice(0, 40)}" is not accepted; send ${SUPPORTED_CHARSETS.join(' or ')}.`,
  );
}

/** One decoder per charset: a fatal, non-streaming decoder keeps no state between calls. */
const DECODERS: Record<BodyCharset, TextDecoder> = {
  'utf-8': new TextDecoder('utf-8', { fatal: true }),
  shift_jis: new TextDecoder('shift_jis', { fatal: true }),
};

/** Bytes → text in the declared charset; bytes that are not in it are a 400, never replacement characters. */
function decode(bytes: Uint8Array, charset: BodyCharset): string {
  try {
    return DECODERS[charset].decode(bytes);
  } catch {
    throw new RequestProblem(
      400,
      'invalid-encoding',
      'Body is not in its charset',
      charset === 'utf-8'
        ? 'The body is not valid UTF-8; a Shift_JIS (CP932) body must say so: Content-Type: text/csv; charset=shift_jis.'
        : 'The body is not valid Shift_JIS (CP932); send it as declared, or as UTF-8.',
    );
  }
}

/**
 * Read a request body as text in its declared charset (`bodyCharset`), refusing more than
 * `maxBytes` without buffering it all: a declared Content-Length is checked first, then the
 * stream is counted chunk by chunk (chunked uploads declare no length).
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const charset = bodyCharset(request.headers.get('content-type') ?? undefined);
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared)) {
    if (declared > maxBytes) throw bodyTooLarge(maxBytes);
    // Node's HTTP parser never delivers more than the declared length, and reading the whole body
    // at once skips the web-stream adapter (the costliest step of a small request).
    return decode(new Uint8Array(await request.arrayBuffer()), charset);
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
  return decode(Buffer.concat(chunks, total), charset);
}

function bodyTooLarge(maxBytes: number): RequestProblem {
  return new RequestProblem(
    413,
    'body-too-large',
    'Request body too large',
    `The body exceeds the limit of ${maxBytes} bytes (1 MiB); send at most 1,000 records per request.`,
  );
}
