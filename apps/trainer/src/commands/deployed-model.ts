import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { UserInputError } from '@powercast/contracts';
import { readDeploymentRecord, type ArtifactStore, type ModelRegistry } from '@powercast/aws-pipeline';
import type { LoadedModel } from '@powercast/model';

/**
 * What the command that found no model can do besides approving or deploying one: `trainer forecast`
 * can answer from an artifact; the daily job has no such option, only another store.
 */
const OTHERWISE = {
  forecast: 'or pass --model-dir DIR|model.tar.gz',
  daily: 'or pass the --store whose registry has the deployed model (the one predict-api serves from)',
} as const;

export type DeployedModelUser = keyof typeof OTHERWISE;

/** The store has no version the predict API would serve. */
export class NoDeployedModelError extends UserInputError {
  readonly kind = 'no-deployed-model';
  constructor(storeUri: string, group: string, user: DeployedModelUser = 'forecast') {
    const models = `npx nx run trainer:models -- --store ${storeUri}`;
    super(
      `no deployed or approved model in ${group} of the store ${storeUri}: approve a registered version ` +
        `(${models} approve <version>; list shows them) or deploy an Approved one (${models} deploy <version>); ` +
        `with none registered, train one first (npx nx run trainer:run -- --store ${storeUri}); ` +
        OTHERWISE[user],
    );
  }
}

export interface DeployedModel extends LoadedModel {
  /** Registry version, or null for a --model-dir artifact. */
  version: number | null;
  artifactUri: string;
}

/**
 * The model the predict API serves from this store (the same rule as its StoreDeploymentSource):
 * `registry/<group>/deployed.json` when there is one, else the newest Approved version. A local
 * artifact loads in place; one inside the store (S3) is cached by its SHA-256 in the temp folder,
 * so the next forecast does not download it again.
 */
export async function loadDeployedModel(
  store: ArtifactStore,
  registry: ModelRegistry,
  group: string,
  user: DeployedModelUser = 'forecast',
): Promise<DeployedModel> {
  const { loadModel } = await import('@powercast/model');
  const record = await readDeploymentRecord(store, group);
  const version =
    record?.version ??
    (await registry.list(group))
      .filter((pkg) => pkg.status === 'Approved')
      .map((pkg) => pkg.version)
      .sort((a, b) => a - b)
      .at(-1);
  if (version === undefined) throw new NoDeployedModelError(store.uri, group, user);
  const pkg = await registry.describe(version, group);
  const artifactUri = record?.artifactUri ?? pkg.artifactUri;
  const localPath = artifactUri.startsWith('file://') ? new URL(artifactUri).pathname : artifactUri;
  if (isAbsolute(localPath) && (await stat(localPath).catch(() => null)) !== null) {
    return { ...(await loadModel(localPath)), version, artifactUri };
  }
  // Without a digest the copy cannot be told current later: it is fetched again each time.
  const name = pkg.artifactSha256 ?? `${group}-v${version}-${process.pid}-${Date.now()}`;
  const cached = join(tmpdir(), 'powercast-model-cache', `${name}.tar.gz`);
  if (pkg.artifactSha256 === undefined || (await stat(cached).catch(() => null)) === null) {
    const base = store.uri.replace(/\/+$/, '');
    const key = artifactUri.startsWith(`${base}/`) ? artifactUri.slice(base.length + 1) : artifactUri;
    await mkdir(join(tmpdir(), 'powercast-model-cache'), { recursive: true });
    // Written aside, then renamed: a second forecast never reads half a file.
    const partial = `${cached}.${process.pid}.partial`;
    await writeFile(partial, await store.get(key));
    await rename(partial, cached);
  }
  return { ...(await loadModel(cached)), version, artifactUri };
}
