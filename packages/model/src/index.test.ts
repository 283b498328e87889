import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

// Module-resolution hooks that append every resolved URL to the file named by IMPORT_LOG, so a
// fresh Node process can tell which modules one import loaded (ES modules and the CommonJS
// packages they import, such as resvg's native binding).
const recordHooks = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.IMPORT_LOG, result.url + '\\n');
  return result;
}`;
const registerHooks = `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(recordHooks)}));`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'powercast-model-imports-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Every module URL a new Node process resolves while it imports `specifier` (sources through tsx). */
async function modulesLoadedBy(specifier: string): Promise<string[]> {
  const log = join(dir, `${specifier.replace(/\W+/g, '-')}.log`);
  await run(
    process.execPath,
    [
      '--conditions=@powercast/source',
      '--import',
      'tsx',
      '--import',
      `data:text/javascript,${encodeURIComponent(registerHooks)}`,
      '--input-type=module',
      '--eval',
      `await import(${JSON.stringify(specifier)});`,
    ],
    { cwd: import.meta.dirname, env: { ...process.env, IMPORT_LOG: log } },
  );
  return (await readFile(log, 'utf8')).trim().split('\n');
}

const chartModules = /\/node_modules\/(vega|vega-[a-z-]+|@resvg\/[a-z-]+)\//;

describe('the root entry @powercast/model', () => {
  it('loads no vega, vega-lite or resvg module (the charts are @powercast/charts)', async () => {
    const loaded = await modulesLoadedBy('@powercast/model');
    expect(loaded.some((url) => url.includes('/packages/model/src/forecast/forecast-model.ts'))).toBe(true);
    expect(loaded.filter((url) => chartModules.test(url))).toEqual([]);
  });

  it('is told apart from @powercast/charts, which loads all three', async () => {
    const loaded = await modulesLoadedBy('@powercast/charts');
    for (const name of ['vega', 'vega-lite', '@resvg/resvg-js'])
      expect(loaded.some((url) => url.includes(`/node_modules/${name}/`))).toBe(true);
  });
});

describe('the metrics entry @powercast/model/metrics', () => {
  it('loads the metric modules and nothing of the model: no trees, features, arquero or zod', async () => {
    const loaded = await modulesLoadedBy('@powercast/model/metrics');
    expect(loaded.some((url) => url.includes('/packages/model/src/metrics/interval-metrics.ts'))).toBe(true);
    const ours = loaded.filter((url) => url.includes('/packages/') && !url.includes('/node_modules/'));
    expect(ours.filter((url) => !/\/packages\/model\/src\/(metrics\.ts|metrics\/)/.test(url))).toEqual([]);
    expect(loaded.filter((url) => /\/node_modules\/(zod|arquero|ml-cart)\//.test(url))).toEqual([]);
  });
});
