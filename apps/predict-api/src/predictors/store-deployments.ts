import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import type { Deployment, DeploymentSource } from './deployment-watcher.js';
import type { ServableModel } from './local-model.js';

/** The part of `@powercast/aws-pipeline`'s ArtifactStore this source reads. */
export interface ReadableStore {
  readonly uri: string;
  get(key: string): Promise<Uint8Array>;
  exists(key: string): Promise<boolean>;
}

export type ModelLoader = (dirOrTarGz: string, identity: { version: number; source: string }) => Promise<ServableModel>;

/** `registry/<group>/deployed.json`, written when a version is approved and deployed (CONTRACTS.md). */
const deploymentRecordSchema = z.object({
  group: z.string(),
  version: z.number().int().positive(),
  artifactUri: z.string().min(1),
  deployedAt: z.string().optional(),
});

export function deploymentRecordKey(group: string): string {
  return `registry/${group}/deployed.json`;
}

export class DeploymentRecordError extends Error {
  override readonly name = 'DeploymentRecordError';
}

/**
 * Reads which version is deployed from the store and loads its artifact: a local path is loaded
 * in place; anything inside the store (an S3 URI or key) is copied to a temp file first.
 */
export class StoreDeploymentSource implements DeploymentSource {
  readonly description: string;

  constructor(
    private readonly store: ReadableStore,
    private readonly group: string,
    private readonly loadModelFrom: ModelLoader,
  ) {
    this.description = `${store.uri}/${deploymentRecordKey(group)}`;
  }

  async current(): Promise<Deployment | null> {
    const key = deploymentRecordKey(this.group);
    if (!(await this.store.exists(key))) return null;
    const text = new TextDecoder().decode(await this.store.get(key));
    let record: z.infer<typeof deploymentRecordSchema>;
    try {
      record = deploymentRecordSchema.parse(JSON.parse(text));
    } catch (error) {
      throw new DeploymentRecordError(`${this.description}: expected {group, version, artifactUri, deployedAt}: ${(error as Error).message}`);
    }
    return { version: record.version, artifactUri: record.artifactUri };
  }

  async load(deployment: Deployment): Promise<ServableModel> {
    const { artifactUri, version } = deployment;
    const localPath = artifactUri.startsWith('file://') ? new URL(artifactUri).pathname : artifactUri;
    if (isAbsolute(localPath) && (await stat(localPath).catch(() => null)) !== null) {
      return this.loadModelFrom(localPath, { version, source: artifactUri });
    }
    const key = this.keyOf(artifactUri);
    const dir = await mkdtemp(join(tmpdir(), 'powercast-model-'));
    try {
      const tarGzPath = join(dir, 'model.tar.gz');
      await writeFile(tarGzPath, await this.store.get(key));
      return await this.loadModelFrom(tarGzPath, { version, source: artifactUri });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** An artifact URI under the store's own URI becomes a key; a bare key is used as is. */
  private keyOf(artifactUri: string): string {
    const base = this.store.uri.replace(/\/+$/, '');
    if (artifactUri.startsWith(`${base}/`)) return artifactUri.slice(base.length + 1);
    if (/^[a-z0-9]+:\/\//i.test(artifactUri) || isAbsolute(artifactUri)) {
      throw new DeploymentRecordError(`artifact ${artifactUri} is neither a local file nor inside the store ${this.store.uri}`);
    }
    return artifactUri;
  }
}
