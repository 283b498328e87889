import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleServer } from '../scripts/bundle.js';
import { trainSyntheticArtifact } from './support/trained-model.js';

/**
 * The container's entry point as the Dockerfile runs it: the esbuild bundle started with `serve`,
 * reading the model from a folder laid out like /opt/ml/model, with no TypeScript loader.
 */
describe('container bundle in hosting mode', () => {
  let child: ChildProcess;
  let url: string;

  beforeAll(async () => {
    const bundle = join(import.meta.dirname, '..', 'dist', 'test-server.mjs');
    const [{ artifact }] = await Promise.all([
      trainSyntheticArtifact(),
      bundleServer(join(import.meta.dirname, '..', 'src', 'main.ts'), bundle),
    ]);
    const modelRoot = await mkdtemp(join(tmpdir(), 'opt-ml-model-'));
    execFileSync('tar', ['-xzf', artifact.tarGzPath, '-C', modelRoot]);
    child = spawn(process.execPath, [bundle, 'serve'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', POWERCAST_MODEL_ROOT: modelRoot },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    url = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the bundled server exited with ${code}`)));
      child.stdout?.on('data', (chunk: Buffer) => {
        const match = /hosting mode on (http:\/\/\S+)/.exec(chunk.toString());
        if (match) resolve(match[1] as string);
      });
    });
  });
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('answers /ping and /invocations like the TypeScript service', async () => {
    expect((await fetch(`${url}/ping`)).status).toBe(200);
    const response = await fetch(`${url}/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: '2023-08-01,35,26,晴\n',
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { predictions: number[] };
    expect(Number.isFinite(body.predictions[0])).toBe(true);
  });

  it('serves /docs assets from the copied swagger-ui-dist package', async () => {
    expect((await fetch(`${url}/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
  });

  it("serves the console's vega assets from their packages beside the bundle", async () => {
    for (const name of ['vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js'])
      expect([name, (await fetch(`${url}/console/assets/${name}`)).status]).toEqual([name, 200]);
  });
});
