import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Swagger UI served from the local `swagger-ui-dist` package (not a CDN), so `/docs` works
 * with no internet. Assets are read once and kept in memory.
 */
const require = createRequire(import.meta.url);
const distDir = dirname(require.resolve('swagger-ui-dist/package.json'));

/**
 * The asset names and their media types. A Map, not an object literal: a name from the URL such
 * as `__proto__`, `constructor` or `toString` must not find something inherited.
 */
const assetTypes: ReadonlyMap<string, string> = new Map([
  ['swagger-ui.css', 'text/css; charset=utf-8'],
  ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
  ['swagger-ui-standalone-preset.js', 'text/javascript; charset=utf-8'],
  ['favicon-32x32.png', 'image/png'],
]);

export interface SwaggerAsset {
  bytes: Uint8Array<ArrayBuffer>;
  contentType: string;
}

const cache = new Map<string, Uint8Array<ArrayBuffer>>();

/** One of the assets above by its exact name, else null (nothing else is ever read from disk). */
export async function swaggerAsset(name: string): Promise<SwaggerAsset | null> {
  const contentType = assetTypes.get(name);
  if (contentType === undefined) return null;
  let bytes = cache.get(name);
  if (bytes === undefined) {
    bytes = new Uint8Array(await readFile(join(distDir, name)));
    cache.set(name, bytes);
  }
  return { bytes, contentType };
}

export function swaggerPage(openApiUrl: string, assetBase: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Powercast predict API</title>
<link rel="stylesheet" href="${assetBase}/swagger-ui.css">
<link rel="icon" type="image/png" href="${assetBase}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${assetBase}/swagger-ui-bundle.js"></script>
<script src="${assetBase}/swagger-ui-standalone-preset.js"></script>
<script>
window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(openApiUrl)},
  dom_id: '#swagger-ui',
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'BaseLayout',
});
</script>
</body>
</html>`;
}
