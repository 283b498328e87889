import { readFile } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { readDeploymentRecord } from '../registry/deployment.js';
import type { ModelRegistry } from '../registry/model-registry.js';
import { contentHash, type ArtifactStore } from '../store/artifact-store.js';
import { ArtifactIntegrityError } from '../store/errors.js';

/** The model a registry group serves now, as the champion/challenger gate needs it. */
export interface DeployedModelRef {
  group: string;
  version: number;
  artifactUri: string;
  artifactSha256?: string;
  trainingWindow: { from: string; to: string };
}

/**
 * Where EvaluateModel finds the deployed model. The local runner passes the store's (below); a job
 * run without one (the SageMaker container today) records "not compared" rather than guessing.
 */
export interface DeployedModelSource {
  /** The deployed version of `group`, or null when nothing is deployed. */
  deployed(group: string): Promise<DeployedModelRef | null>;
  /** The artifact's bytes (model.tar.gz), refused when they do not hash to the registered sha256. */
  artifact(ref: DeployedModelRef): Promise<Uint8Array>;
}

/**
 * The store's deployed model, by the rule the predict API serves with: `registry/<group>/deployed.json`
 * when there is one, else the newest Approved version.
 */
export function storeDeployedModels(store: ArtifactStore, registry: ModelRegistry): DeployedModelSource {
  return {
    async deployed(group) {
      const record = await readDeploymentRecord(store, group);
      const version =
        record?.version ??
        (await registry.list(group))
          .filter((pkg) => pkg.status === 'Approved')
          .map((pkg) => pkg.version)
          .sort((a, b) => a - b)
          .at(-1);
      if (version === undefined) return null;
      const pkg = await registry.describe(version, group);
      return {
        group,
        version,
        artifactUri: record?.artifactUri ?? pkg.artifactUri,
        ...(pkg.artifactSha256 === undefined ? {} : { artifactSha256: pkg.artifactSha256 }),
        trainingWindow: pkg.trainingWindow,
      };
    },
    async artifact(ref) {
      const base = store.uri.replace(/\/+$/, '');
      const body = ref.artifactUri.startsWith(`${base}/`)
        ? await store.get(ref.artifactUri.slice(base.length + 1))
        : isAbsolute(ref.artifactUri)
          ? new Uint8Array(await readFile(ref.artifactUri))
          : await store.get(ref.artifactUri);
      const actual = contentHash(body);
      if (ref.artifactSha256 !== undefined && actual !== ref.artifactSha256)
        throw new ArtifactIntegrityError(ref.artifactUri, ref.artifactSha256, actual);
      return body;
    },
  };
}
