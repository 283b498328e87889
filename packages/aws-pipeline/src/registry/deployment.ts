import { z } from 'zod';
import { getJson, toJsonText, type ArtifactStore } from '../store/artifact-store.js';
import { RegistryCorruptError, type ModelRegistry } from './model-registry.js';

export const deploymentRecordSchema = z.strictObject({
  group: z.string().min(1),
  version: z.number().int().positive(),
  artifactUri: z.string().min(1),
  deployedAt: z.string(),
});

/** Which approved version the predict API serves; stored at `registry/<group>/deployed.json`. */
export type DeploymentRecord = z.infer<typeof deploymentRecordSchema>;

export function deploymentRecordKey(group: string): string {
  return `registry/${group}/deployed.json`;
}

/** A deployment of a version that is not Approved. */
export class NotApprovedError extends Error {
  override readonly name = 'NotApprovedError';
  constructor(
    readonly group: string,
    readonly version: number,
    readonly status: string,
  ) {
    super(`model package ${group}/${version} is ${status}; only Approved versions can be deployed`);
  }
}

export async function readDeploymentRecord(store: ArtifactStore, group: string): Promise<DeploymentRecord | undefined> {
  const key = deploymentRecordKey(group);
  if (!(await store.exists(key))) return undefined;
  const result = deploymentRecordSchema.safeParse(await getJson(store, key));
  if (!result.success) throw new RegistryCorruptError(store.uriOf(key), result.error.issues[0]!.message);
  return result.data;
}

/**
 * Records `version` as deployed (last writer wins: deployments are serialised by whoever deploys).
 * Checks the version is Approved first, and takes its artifact URI from the registry.
 */
export async function recordDeployment(
  store: ArtifactStore,
  registry: ModelRegistry,
  version: number,
  group = registry.defaultGroup,
  now: Date = new Date(),
): Promise<DeploymentRecord> {
  const pkg = await registry.describe(version, group);
  if (pkg.status !== 'Approved') throw new NotApprovedError(group, version, pkg.status);
  const record: DeploymentRecord = { group, version, artifactUri: pkg.artifactUri, deployedAt: now.toISOString() };
  await store.put(deploymentRecordKey(group), toJsonText(record));
  return record;
}
