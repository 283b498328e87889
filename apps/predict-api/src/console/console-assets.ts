import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Vega, Vega-Lite and vega-embed served from their npm packages (not a CDN), so the console works
 * with no internet, like /docs. Read once, kept in memory.
 */
const require = createRequire(import.meta.url);

/**
 * The asset names, their files and media types. A Map, not an object literal: a name from the URL
 * such as `__proto__` or `constructor` must not find something inherited.
 */
const assets: ReadonlyMap<string, { packageName: string; file: string; contentType: string }> = new Map([
  ['vega.min.js', { packageName: 'vega', file: 'vega.min.js', contentType: 'text/javascript; charset=utf-8' }],
  [
    'vega-lite.min.js',
    { packageName: 'vega-lite', file: 'vega-lite.min.js', contentType: 'text/javascript; charset=utf-8' },
  ],
  [
    'vega-embed.min.js',
    { packageName: 'vega-embed', file: 'vega-embed.min.js', contentType: 'text/javascript; charset=utf-8' },
  ],
]);

export const CONSOLE_ASSET_NAMES: readonly string[] = [...assets.keys()];

export interface ConsoleAsset {
  bytes: Uint8Array<ArrayBuffer>;
  contentType: string;
}

const cache = new Map<string, Uint8Array<ArrayBuffer>>();

/** One of the assets above by its exact name, else null (nothing else is ever read from disk). */
export async function consoleAsset(name: string): Promise<ConsoleAsset | null> {
  const asset = assets.get(name);
  if (asset === undefined) return null;
  let bytes = cache.get(name);
  if (bytes === undefined) {
    // The packages export neither package.json nor their browser builds; those sit beside the main entry.
    const buildDir = dirname(require.resolve(asset.packageName));
    bytes = new Uint8Array(await readFile(join(buildDir, asset.file)));
    cache.set(name, bytes);
  }
  return { bytes, contentType: asset.contentType };
}
