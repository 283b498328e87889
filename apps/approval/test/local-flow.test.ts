import {
  openArtifactStore,
  readDeploymentRecord,
  StoreParameterStore,
  StoreModelRegistry,
  type ArtifactStore,
} from '@powercast/aws-pipeline';
import { packageMetricsFrom, writeApprovalMessage, type ApprovalMessage } from '@powercast/aws-pipeline/approval';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApprovalApp, listenApprovalApp, type RunningServer } from '../src/local/approval-app.js';
import { localDecisionDependencies, localParameterNames } from '../src/local/local-approval.js';
import { memoryLogger } from '../src/log/logger.js';

const GROUP = 'PowerForecastPackageGroup';

/** The hidden fields of the confirmation form, as a browser would post them. */
function confirmationForm(html: string): URLSearchParams {
  const form = new URLSearchParams();
  for (const match of html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g))
    form.set(match[1] as string, match[2] as string);
  return form;
}

async function newestOutboxMessage(dir: string): Promise<ApprovalMessage> {
  const files = (await readdir(join(dir, 'outbox'))).filter((name) => name.endsWith('.json')).sort();
  return JSON.parse(await readFile(join(dir, 'outbox', files.at(-1) as string), 'utf8')) as ApprovalMessage;
}

describe('local approval flow over real HTTP', () => {
  let dir: string;
  let store: ArtifactStore;
  let registry: StoreModelRegistry;
  let server: RunningServer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'approval-local-'));
    store = openArtifactStore(dir);
    registry = new StoreModelRegistry(store, GROUP);
    const deps = await localDecisionDependencies({ store, group: GROUP, logger: memoryLogger() });
    server = await listenApprovalApp(createApprovalApp(deps), 0);
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function register(mse: number): Promise<number> {
    const pkg = await registry.register({
      artifactUri: join(dir, 'runs', `mse-${mse}`, 'model.tar.gz'),
      metrics: { mse, rmse: Math.sqrt(mse), mae: 90, mape: 2.4, r2: 0.9 },
      trainingWindow: { from: '2022-04-01', to: '2024-09-30' },
      dataFingerprint: 'sha256:test',
    });
    await writeApprovalMessage({
      store,
      group: GROUP,
      version: pkg.version,
      metrics: packageMetricsFrom(pkg.metrics),
      mseThreshold: 40_000,
      approvalUrl: `${server.url}/approval`,
    });
    return pkg.version;
  }

  it('outbox link → GET confirmation → POST → Approved and deployed for the predict API', async () => {
    const version = await register(14_400);
    const message = await newestOutboxMessage(dir);
    expect(message.text).toContain(`version ${version} is waiting for approval`);

    const page = await fetch(message.approveUrl);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`Approve version ${version}`);
    expect((await registry.describe(version)).status).toBe('PendingManualApproval');

    const form = confirmationForm(html);
    form.set('reason', 'checked the August errors');
    const decided = await fetch(message.approveUrl, { method: 'POST', body: form });
    expect(decided.status).toBe(200);
    expect(await decided.text()).toContain('deployed model of the local predict API');

    const pkg = await registry.describe(version);
    expect(pkg.status).toBe('Approved');
    expect(pkg.decision).toMatchObject({
      status: 'Approved',
      by: 'approver@localhost',
      reason: 'checked the August errors',
    });
    expect(await readDeploymentRecord(store, GROUP)).toMatchObject({
      group: GROUP,
      version,
      artifactUri: pkg.artifactUri,
    });
    const parameters = new StoreParameterStore(store);
    expect(await parameters.get(localParameterNames.approved)).toBe(`${GROUP}/${version}`);
    expect(await parameters.get(localParameterNames.lastDeployed)).toBe(`${GROUP}/${version}`);

    const again = await fetch(message.approveUrl, { method: 'POST', body: confirmationForm(html) });
    expect(again.status).toBe(409);
  });

  it('reject link → Rejected, the deployment record is untouched', async () => {
    const before = await readDeploymentRecord(store, GROUP);
    const version = await register(39_000);
    const message = await newestOutboxMessage(dir);
    const html = await (await fetch(message.rejectUrl)).text();
    const decided = await fetch(message.rejectUrl, { method: 'POST', body: confirmationForm(html) });
    expect(decided.status).toBe(200);
    expect((await registry.describe(version)).status).toBe('Rejected');
    expect(await readDeploymentRecord(store, GROUP)).toEqual(before);
  });

  it('an altered link is refused with 403 and the version stays pending', async () => {
    const version = await register(20_000);
    const message = await newestOutboxMessage(dir);
    const url = new URL(message.approveUrl);
    const token = url.searchParams.get('token') as string;
    url.searchParams.set('token', `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`);
    const response = await fetch(url, { method: 'POST' });
    expect(response.status).toBe(403);
    expect((await registry.describe(version)).status).toBe('PendingManualApproval');
  });

  it('approving a version older than the deployed one keeps the deployment and says how to deploy it', async () => {
    const older = await register(18_000);
    const olderMessage = await newestOutboxMessage(dir);
    const newer = await register(17_000);
    const newerMessage = await newestOutboxMessage(dir);
    for (const message of [newerMessage, olderMessage]) {
      const html = await (await fetch(message.approveUrl)).text();
      const decided = await fetch(message.approveUrl, { method: 'POST', body: confirmationForm(html) });
      expect(decided.status).toBe(200);
      if (message === olderMessage) {
        const text = await decided.text();
        expect(text).toContain(`older than the deployed version ${newer}, so it was not deployed`);
        expect(text).toContain(`trainer:models -- deploy ${older}`);
      }
    }
    expect((await registry.describe(older)).status).toBe('Approved');
    expect((await readDeploymentRecord(store, GROUP))?.version).toBe(newer);
  });

  it('answers 405 to other methods and 400 to a link without a token', async () => {
    expect((await fetch(`${server.url}/approval`, { method: 'PUT' })).status).toBe(405);
    expect((await fetch(`${server.url}/approval?action=approve`)).status).toBe(400);
  });
});
