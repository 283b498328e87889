import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArtifactStore } from '../store/open-store.js';
import type { ArtifactStore } from '../store/artifact-store.js';
import { verifyApprovalToken } from './approval-token.js';
import { localChartLinks } from './local-charts.js';
import { LOCAL_SECRET_KEY, localApprovalSecret } from './local-secret.js';
import { writePackageApprovalMessage } from './outbox.js';

describe('local approval outbox', () => {
  let dir: string;
  let store: ArtifactStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'approval-outbox-'));
    store = openArtifactStore(join(dir, 'store'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('writes the message of a registered version whose links verify with the store secret', async () => {
    const charts = join(dir, 'charts');
    await mkdir(charts);
    await writeFile(join(charts, 'test_period.svg'), '<svg/>');
    const now = new Date('2026-11-20T08:09:10.123Z');
    const entry = await writePackageApprovalMessage({
      store,
      pkg: { group: 'G', version: 3, metrics: { mse: 9000, rmse: 94.87, extra: 1 }, chartsUri: charts },
      mseThreshold: 40_000,
      now,
    });
    expect(entry.key).toBe('outbox/G-v3-20261120T080910Z.json');
    const written = JSON.parse(
      await readFile(join(dir, 'store', 'outbox', 'G-v3-20261120T080910Z.json'), 'utf8'),
    ) as typeof entry.message;
    expect(written).toEqual(entry.message);
    expect(written.text).toContain(`test_period.svg: ${pathToFileURL(join(charts, 'test_period.svg')).toString()}`);
    const secret = await localApprovalSecret(store, {});
    const token = new URL(written.approveUrl).searchParams.get('token');
    const verified = verifyApprovalToken({
      secret,
      token,
      expectedAction: 'approve',
      nowSeconds: Math.floor(now.getTime() / 1000) + 60,
    });
    expect(verified.ok && verified.claims.pkg).toBe('G/3');
    expect(verified.ok && verified.claims.sub).toBe('approver@localhost');
  });

  it('uses POWERCAST_APPROVAL_SECRET when set, else one secret created once in the store', async () => {
    expect(
      await localApprovalSecret(store, { POWERCAST_APPROVAL_SECRET: 'from-the-environment-0123456789abcdef' }),
    ).toBe('from-the-environment-0123456789abcdef');
    expect(await store.exists(LOCAL_SECRET_KEY)).toBe(false);
    const [first, second] = await Promise.all([localApprovalSecret(store, {}), localApprovalSecret(store, {})]);
    expect(first).toBe(second);
    expect(Buffer.from(first, 'base64url')).toHaveLength(32);
  });

  it('creates the secret and the message 0600 in 0700 directories of a new store', async () => {
    const entry = await writePackageApprovalMessage({
      store,
      pkg: { group: 'G', version: 1, metrics: {} },
      mseThreshold: 1,
    });
    const mode = async (path: string): Promise<string> => ((await stat(path)).mode & 0o777).toString(8);
    expect(await mode(join(dir, 'store', 'approval', 'token-secret'))).toBe('600');
    expect(await mode(entry.uri)).toBe('600');
    for (const directory of ['store', 'store/approval', 'store/outbox'])
      expect(await mode(join(dir, directory))).toBe('700');
  });

  it('tightens a secret and its directory left world-readable by an older version', async () => {
    await mkdir(join(dir, 'store', 'approval'), { recursive: true, mode: 0o755 });
    await writeFile(join(dir, 'store', 'approval', 'token-secret'), 'an-old-secret-of-at-least-32-bytes-0123', {
      mode: 0o644,
    });
    await chmod(join(dir, 'store', 'approval'), 0o755);
    expect(await localApprovalSecret(store, {})).toBe('an-old-secret-of-at-least-32-bytes-0123');
    expect((await stat(join(dir, 'store', 'approval', 'token-secret'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'store', 'approval'))).mode & 0o777).toBe(0o700);
  });

  it('links only .png/.svg charts of an absolute local directory, sorted', async () => {
    await writeFile(join(dir, 'b.PNG'), '');
    await writeFile(join(dir, 'a.svg'), '');
    await writeFile(join(dir, 'notes.txt'), '');
    expect(localChartLinks(dir).map((link) => link.name)).toEqual(['a.svg', 'b.PNG']);
    expect(localChartLinks('s3://bucket/charts')).toEqual([]);
    expect(localChartLinks(join(dir, 'missing'))).toEqual([]);
    expect(localChartLinks(undefined)).toEqual([]);
  });
});
