import {
  ModelPackageNotFoundError,
  type ArtifactStore,
  type ModelPackage,
  type ModelRegistry,
} from '@powercast/aws-pipeline';

export interface ModelChart {
  bytes: Uint8Array;
  contentType: string;
}

/** The deployed version's evaluation and charts, as the console links them. */
export interface ModelDocuments {
  /** The evaluation JSON registered with the version, null when it has none in the store. */
  evaluation(version: number): Promise<unknown>;
  /** Chart file names (SVG, PNG) registered with the version. */
  charts(version: number): Promise<string[]>;
  /** One chart by its exact listed name, else null. */
  chart(version: number, name: string): Promise<ModelChart | null>;
}

const chartTypes: ReadonlyMap<string, string> = new Map([
  ['svg', 'image/svg+xml'],
  ['png', 'image/png'],
]);

/**
 * Documents of a registry in an artifact store: the package records where its evaluation and
 * charts were uploaded (`evaluationUri`, `chartsUri`), which are URIs of the same store.
 */
export class StoreModelDocuments implements ModelDocuments {
  constructor(
    private readonly store: ArtifactStore,
    private readonly registry: ModelRegistry,
    private readonly group: string,
  ) {}

  async evaluation(version: number): Promise<unknown> {
    const pkg = await this.describe(version);
    const key = pkg?.evaluationUri === undefined ? null : this.keyOf(pkg.evaluationUri);
    if (key === null || !(await this.store.exists(key))) return null;
    return JSON.parse(new TextDecoder().decode(await this.store.get(key))) as unknown;
  }

  async charts(version: number): Promise<string[]> {
    return [...(await this.chartKeys(version)).keys()];
  }

  async chart(version: number, name: string): Promise<ModelChart | null> {
    const key = (await this.chartKeys(version)).get(name);
    const contentType = chartTypes.get(name.split('.').at(-1)?.toLowerCase() ?? '');
    if (key === undefined || contentType === undefined) return null;
    return { bytes: await this.store.get(key), contentType };
  }

  /** Chart names (the file name, whatever sub-folder the visualize step used) → store keys; a Map, so URL names find nothing inherited. */
  private async chartKeys(version: number): Promise<Map<string, string>> {
    const pkg = await this.describe(version);
    const prefix = pkg?.chartsUri === undefined ? null : this.keyOf(pkg.chartsUri);
    if (prefix === null) return new Map();
    const keys = await this.store.list(`${prefix}/`);
    return new Map(
      keys
        .filter((key) => /\.(svg|png)$/i.test(key))
        .map((key) => [key.split('/').at(-1) as string, key] as const)
        .sort(([a], [b]) => (a < b ? -1 : 1)),
    );
  }

  private async describe(version: number): Promise<ModelPackage | null> {
    try {
      return await this.registry.describe(version, this.group);
    } catch (error) {
      // A model served from --model-dir may not be in this registry; a store outage is not hidden.
      if (error instanceof ModelPackageNotFoundError) return null;
      throw error;
    }
  }

  /** The store key of a URI inside this store; null for a URI elsewhere. */
  private keyOf(uri: string): string | null {
    const root = this.store.uri.replace(/\/+$/, '');
    return uri.startsWith(`${root}/`) ? uri.slice(root.length + 1).replace(/\/+$/, '') : null;
  }
}
