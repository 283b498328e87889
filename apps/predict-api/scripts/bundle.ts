/**
 * One-file server for the container image (Dockerfile) and the benchmark: esbuild bundles the
 * app with the workspace packages (resolved to their sources); swagger-ui-dist and the console's
 * vega, vega-lite and vega-embed stay file dependencies, copied beside the bundle in the image.
 */
import { resolve } from 'node:path';
import { build } from 'esbuild';

export async function bundleServer(entryPoint: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entryPoint],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@powercast/source'],
    // `@resvg/resvg-js` (a native addon) is reached only through the job steps that the root of
    // @powercast/aws-pipeline still re-exports: their VisualizeResults step loads @powercast/charts
    // on first use. esbuild resolves that import although the server never calls it (nothing of it
    // is in the output); the entry goes once the job steps leave that root.
    // vega, vega-lite and vega-embed are read as files by the console (their browser builds), never imported.
    external: ['swagger-ui-dist', 'vega', 'vega-lite', 'vega-embed', '@resvg/resvg-js'],
    // CommonJS dependencies inside an ES module bundle still call require().
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await bundleServer('src/main.ts', 'dist/server.mjs');
  console.info('predict-api: wrote dist/server.mjs');
}
