import type { z } from 'zod';
import { getText, toJsonText, type ArtifactStore } from '../store/artifact-store.js';
import {
  DEFAULT_MODEL_PACKAGE_GROUP,
  ModelPackageConflictError,
  ModelPackageNotFoundError,
  RegistryCorruptError,
  decisionSchema,
  registeredPackageSchema,
  type Decision,
  type DecisionRequest,
  type ModelPackage,
  type ModelRegistry,
  type NewModelPackage,
  type RegisterOptions,
} from './model-registry.js';

/**
 * The registry inside an artifact store (local or S3). Layout, all JSON, all write-once:
 *   registry/<group>/versions/<version>/package.json   created with putIfAbsent (allocates the version)
 *   registry/<group>/versions/<version>/decision.json  created with putIfAbsent (the one decision that wins)
 *   registry/<group>/deployed.json                     the deployment record (see deployment.ts)
 */
export class StoreModelRegistry implements ModelRegistry {
  constructor(
    private readonly store: ArtifactStore,
    readonly defaultGroup = DEFAULT_MODEL_PACKAGE_GROUP,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async register(pkg: NewModelPackage, options: RegisterOptions = {}): Promise<ModelPackage> {
    const group = pkg.group ?? this.defaultGroup;
    let version = (await this.versions(group)).at(-1) ?? 0;
    // Another process may take the next number between list and create: then try the one after.
    for (;;) {
      version += 1;
      const registered = registeredPackageSchema.parse({ ...pkg, group, version, createdAt: this.now().toISOString() });
      if (await this.store.putIfAbsent(packageKey(group, version), toJsonText(registered))) {
        if (options.rejected === undefined) return { ...registered, status: 'PendingManualApproval' };
        // Decided right after it is created: nobody holds a link to a version no message announced yet.
        return this.decide(version, { status: 'Rejected', ...options.rejected }, group);
      }
    }
  }

  async list(group = this.defaultGroup): Promise<ModelPackage[]> {
    return Promise.all((await this.versions(group)).map((version) => this.describe(version, group)));
  }

  async describe(version: number, group = this.defaultGroup): Promise<ModelPackage> {
    const key = packageKey(group, version);
    if (!(await this.store.exists(key))) throw new ModelPackageNotFoundError(group, version);
    const registered = await this.readEntry(key, registeredPackageSchema);
    const decision = await this.readDecision(group, version);
    return decision === undefined
      ? { ...registered, status: 'PendingManualApproval' }
      : { ...registered, status: decision.status, decision };
  }

  async decide(version: number, request: DecisionRequest, group = this.defaultGroup): Promise<ModelPackage> {
    const registered = await this.describe(version, group);
    if (registered.decision !== undefined) throw new ModelPackageConflictError(group, version, registered.decision);
    const decision: Decision = decisionSchema.parse({ ...request, at: this.now().toISOString() });
    if (!(await this.store.putIfAbsent(decisionKey(group, version), toJsonText(decision)))) {
      const winner = await this.readDecision(group, version);
      throw new ModelPackageConflictError(group, version, winner ?? decision);
    }
    return { ...registered, status: decision.status, decision };
  }

  private async versions(group: string): Promise<number[]> {
    const prefix = `registry/${group}/versions/`;
    const keys = await this.store.list(prefix);
    const versions = new Set<number>();
    for (const key of keys) {
      const match = /^(\d+)\/package\.json$/.exec(key.slice(prefix.length));
      if (match !== null) versions.add(Number(match[1]));
    }
    return [...versions].sort((a, b) => a - b);
  }

  private async readDecision(group: string, version: number): Promise<Decision | undefined> {
    const key = decisionKey(group, version);
    return (await this.store.exists(key)) ? this.readEntry(key, decisionSchema) : undefined;
  }

  private async readEntry<T>(key: string, schema: z.ZodType<T>): Promise<T> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await getText(this.store, key));
    } catch (error) {
      if (error instanceof SyntaxError) throw new RegistryCorruptError(this.store.uriOf(key), error.message);
      throw error;
    }
    const result = schema.safeParse(parsed);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw new RegistryCorruptError(this.store.uriOf(key), `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    return result.data;
  }
}

export function packageKey(group: string, version: number): string {
  return `registry/${group}/versions/${version}/package.json`;
}

function decisionKey(group: string, version: number): string {
  return `registry/${group}/versions/${version}/decision.json`;
}
