/**
 * One-file server for the container image (Dockerfile) and the benchmark: esbuild bundles the
 * app with the workspace packages (resolved to their sources); swagger-ui-dist stays a file
 * dependency, copied beside the bundle in the image.
 */
import { resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

/**
 * @powercast/model's barrel also exports chart rendering, which needs resvg's native addon; the
 * server never renders charts, so that one import is replaced by a stub that says so.
 */
const noChartRendering: Plugin = {
  name: 'no-chart-rendering',
  setup(builder) {
    builder.onResolve({ filter: /^@resvg\/resvg-js$/ }, () => ({ path: 'resvg-stub', namespace: 'stub' }));
    builder.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents:
        "export class Resvg { constructor() { throw new Error('chart rendering is not part of the server bundle'); } }",
      loader: 'js',
    }));
  },
};

export async function bundleServer(entryPoint: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entryPoint],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@powercast/source'],
    external: ['swagger-ui-dist'],
    // CommonJS dependencies inside an ES module bundle still call require().
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    plugins: [noChartRendering],
    logLevel: 'warning',
  });
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await bundleServer('src/main.ts', 'dist/server.mjs');
  console.info('predict-api: wrote dist/server.mjs');
}
