import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import {
  ArtifactIntegrityError,
  contentHash,
  readDeploymentRecord,
  type ArtifactStore,
  type ModelRegistry,
} from '@powercast/aws-pipeline';
import { MODEL_TARBALL } from '@powercast/contracts';
import type { Deployment, DeploymentSource } from './deployment-watcher.js';
import type { ServableModel } from './local-model.js';

export type ModelLoader = (dirOrTarGz: string, identity: { version: number; source: string }) => Promise<ServableModel>;

export class ArtifactLocationError extends Error {
  override readonly name = 'ArtifactLocationError';
}

/**
 * Which version to serve: the deployment record (`registry/<group>/deployed.json`) when there is
 * one, else the newest Approved version in the registry — so approving locally is enough to serve.
 * Every artifact is verified against its registered sha256 and loaded from a private temp copy;
 * when the deployed one fails, `fallbacks` lists the older approved versions.
 */
export class StoreDeploymentSource implements DeploymentSource {
  readonly description: string;

  constructor(
    private readonly store: ArtifactStore,
    private readonly registry: ModelRegistry,
    private readonly group: string,
    private readonly loadModelFrom: ModelLoader,
  ) {
    this.description = `store ${store.uri}, group ${group}`;
  }

  async current(): Promise<Deployment | null> {
    const record = await readDeploymentRecord(this.store, this.group);
    if (record !== undefined) return { version: record.version, artifactUri: record.artifactUri };
    const approved = (await this.registry.list(this.group)).filter((pkg) => pkg.status === 'Approved');
    const newest = approved.sort((a, b) => a.version - b.version).at(-1);
    return newest === undefined ? null : { version: newest.version, artifactUri: newest.artifactUri };
  }

  /** Approved versions other than the failed one, newest first. */
  async fallbacks(failed: Deployment): Promise<Deployment[]> {
    const approved = (await this.registry.list(this.group)).filter(
      (pkg) => pkg.status === 'Approved' && pkg.version !== failed.version,
    );
    return approved
      .sort((a, b) => b.version - a.version)
      .map((pkg) => ({ version: pkg.version, artifactUri: pkg.artifactUri }));
  }

  /**
   * The artifact's bytes, checked against the sha256 recorded at registration (when the package
   * has one), then loaded from a private copy: what is verified is what is loaded.
   */
  async load(deployment: Deployment): Promise<ServableModel> {
    const { artifactUri, version } = deployment;
    const bytes = await this.read(artifactUri);
    const expected = (await this.registry.describe(version, this.group)).artifactSha256;
    if (expected !== undefined) {
      const actual = contentHash(bytes);
      if (actual !== expected) throw new ArtifactIntegrityError(artifactUri, expected, actual);
    }
    const dir = await mkdtemp(join(tmpdir(), 'powercast-model-'));
    try {
      const tarGzPath = join(dir, MODEL_TARBALL);
      await writeFile(tarGzPath, bytes);
      return await this.loadModelFrom(tarGzPath, { version, source: artifactUri });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async read(artifactUri: string): Promise<Uint8Array> {
    const localPath = artifactUri.startsWith('file://') ? new URL(artifactUri).pathname : artifactUri;
    if (isAbsolute(localPath) && (await stat(localPath).catch(() => null)) !== null) return readFile(localPath);
    return this.store.get(this.keyOf(artifactUri));
  }

  /** An artifact URI under the store's own URI becomes a key; a bare key is used as is. */
  private keyOf(artifactUri: string): string {
    const base = this.store.uri.replace(/\/+$/, '');
    if (artifactUri.startsWith(`${base}/`)) return artifactUri.slice(base.length + 1);
    if (/^[a-z0-9]+:\/\//i.test(artifactUri) || isAbsolute(artifactUri)) {
      throw new ArtifactLocationError(
        `artifact ${artifactUri} is neither a local file nor inside the store ${this.store.uri}`,
      );
    }
    return artifactUri;
  }
}
