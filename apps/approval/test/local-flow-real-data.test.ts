import {
  openArtifactStore,
  parseConfig,
  powercastPipeline,
  readDeploymentRecord,
  StoreModelRegistry,
  type ArtifactStore,
} from '@powercast/aws-pipeline';
import { powercastJobs, registerInto, runPipeline, storeDeployedModels } from '@powercast/aws-pipeline/local';
import {
  packageMetricsFrom,
  writeApprovalMessage,
  writePackageApprovalMessage,
  type ApprovalMessage,
} from '@powercast/aws-pipeline/approval';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApprovalApp, listenApprovalApp, type RunningServer } from '../src/local/approval-app.js';
import { localDecisionDependencies } from '../src/local/local-approval.js';
import { memoryLogger } from '../src/log/logger.js';

const dataDir = process.env['POWERCAST_DATA_DIR'];
if (!dataDir) console.warn('POWERCAST_DATA_DIR is not set: skipping the local approval flow on the real data');

describe.skipIf(!dataDir)('local approval flow after a real pipeline run', () => {
  let dir: string;
  let store: ArtifactStore;
  let server: RunningServer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'approval-real-'));
    store = openArtifactStore(dir);
    server = await listenApprovalApp(
      createApprovalApp(
        await localDecisionDependencies({ store, logger: memoryLogger(), mseThreshold: parseConfig({}).mse_threshold }),
      ),
      0,
    );
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('pipeline registers a version → outbox link → GET → POST → Approved and deployed', async () => {
    const config = parseConfig({});
    const registry = new StoreModelRegistry(store, config.registry_group);
    const run = await runPipeline({
      pipeline: powercastPipeline(config, dataDir as string),
      implementations: { jobs: powercastJobs(), register: registerInto(registry) },
      store,
    });
    expect(run.status).toBe('Succeeded');
    const registered = (await registry.list()).at(-1);
    expect(registered?.status).toBe('PendingManualApproval');
    const version = registered?.version as number;

    await writeApprovalMessage({
      store,
      group: config.registry_group,
      version,
      metrics: packageMetricsFrom(registered?.metrics ?? {}),
      mseThreshold: config.mse_threshold,
      approvalUrl: `${server.url}/approval`,
    });
    const [file] = (await readdir(join(dir, 'outbox'))).filter((name) => name.endsWith('.json'));
    const message = JSON.parse(await readFile(join(dir, 'outbox', file as string), 'utf8')) as ApprovalMessage;
    expect(message.text).toMatch(/MSE \(万kW²\): [\d.]+ \(within threshold 40000\.00\)/);
    expect(message.text.indexOf('Ex-ante test metrics')).toBeGreaterThan(-1);
    expect(message.text.indexOf('Ex-ante test metrics')).toBeLessThan(message.text.indexOf('Backcast ('));

    const confirmation = await fetch(message.approveUrl);
    expect(confirmation.status).toBe(200);
    const html = await confirmation.text();
    // The confirmation page shows the evidence too, ex-ante first.
    expect(html).toContain('<strong>Ex-ante test metrics (each day forecast as of 18:00 JST the day before');
    expect(html.indexOf('Ex-ante test metrics')).toBeLessThan(html.indexOf('Backcast ('));
    expect(html).toContain('TEPCO&#39;s night-before forecast: none in the test window (n 0)');
    const form = new URLSearchParams();
    for (const match of html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g))
      form.set(match[1] as string, match[2] as string);
    const decided = await fetch(message.approveUrl, { method: 'POST', body: form });
    expect(decided.status).toBe(200);

    expect((await registry.describe(version)).status).toBe('Approved');
    expect(await readDeploymentRecord(store, config.registry_group)).toMatchObject({
      version,
      artifactUri: registered?.artifactUri,
    });
  }, 240_000);

  it('against the deployed version: a worse candidate is registered Rejected with the reason, a not-worse one is offered and its page shows the comparison', async () => {
    const config = parseConfig({});
    const registry = new StoreModelRegistry(store, config.registry_group);
    const deployed = await readDeploymentRecord(store, config.registry_group);
    expect(deployed).toBeDefined();
    const run = (parameters: Record<string, string> = {}) =>
      runPipeline({
        pipeline: powercastPipeline(config, dataDir as string),
        implementations: {
          jobs: powercastJobs({ deployedModels: storeDeployedModels(store, registry) }),
          register: registerInto(registry),
        },
        store,
        parameters,
      });

    const worse = await run({
      hyperparameters: '{"n_estimators":2,"learning_rate":0.05}',
      mse_threshold: '1000000000',
    });
    expect(worse.status).toBe('Succeeded');
    const rejected = (await registry.list()).at(-1)!;
    expect(rejected.status).toBe('Rejected');
    expect(rejected.decision?.by).toBe('pipeline RegisterRejected');
    expect(rejected.decision?.reason).toMatch(
      new RegExp(
        `rejected by CheckChampion: worse than the deployed model: candidate ex-ante mse [\\d.]+ > allowed [\\d.]+ \\(deployed v${deployed!.version} ex-ante mse`,
      ),
    );
    expect(worse.reason).toContain(`registered ${config.registry_group}/${rejected.version} as Rejected`);
    expect(worse.reason).toContain(rejected.decision!.reason!);

    const same = await run();
    const offered = (await registry.list()).at(-1)!;
    expect(same.steps.find((step) => step.name === 'CheckChampion')?.properties).toMatchObject({ outcome: true });
    expect(offered.status).toBe('PendingManualApproval');
    const entry = await writePackageApprovalMessage({
      store,
      pkg: offered,
      mseThreshold: config.mse_threshold,
      approvalUrl: `${server.url}/approval`,
    });
    const html = await (await fetch(entry.message.approveUrl)).text();
    expect(html).toContain(
      `Compared with the model deployed now (version ${deployed!.version}), same days, same ex-ante code: not worse`,
    );
    expect(html).toMatch(/<td>with-history variant<\/td><td>MAPE \d\.\d{3} %/);
    expect(html).toMatch(/<td>weather\+calendar variant<\/td><td>MAPE \d\.\d{3} %/);
    expect(html).toMatch(/<td>MSE \(万kW²\)<\/td><td>[\d.]+<\/td><td>within threshold 40000\.00<\/td>/);
    expect(html).toContain(
      '<strong>Pipeline note</strong>: Powercast daily peak demand forecaster (TEPCO area); CheckChampion: candidate ex-ante mse',
    );
    expect(html).toMatch(/<a href="file:\/\/[^"]+\.png">[\w.]+\.png<\/a>/);
  }, 240_000);
});
