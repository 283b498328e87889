import type { LocalModelPredictor, ServableModel } from './local-model.js';

/** Which model version the registry says should be served. */
export interface Deployment {
  version: number;
  artifactUri: string;
}

/** Where deployments come from: the registry's deployment record in an artifact store. */
export interface DeploymentSource {
  readonly description: string;
  current(): Promise<Deployment | null>;
  load(deployment: Deployment): Promise<ServableModel>;
  /** Older versions that may answer when `failed` cannot be loaded, best first (newest approved). */
  fallbacks?(failed: Deployment): Promise<Deployment[]>;
}

export interface DeploymentWatcherOptions {
  source: DeploymentSource;
  predictor: LocalModelPredictor;
  pollIntervalMs?: number;
  /** How long a deployment that failed to load is left alone before it is tried again (default 5 min). */
  retryFailedAfterMs?: number;
  log?: (message: string) => void;
  /** Called once per failed load (the `powercast_model_load_failures_total` counter). */
  onLoadFailure?: () => void;
  now?: () => number;
}

/** An error's message fit for an HTTP body: file system paths and URIs are cut out (they stay in the log). */
export function publicReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/(?:[a-z][a-z0-9+.-]*:\/\/|\/)[^\s'"`,;)]+/gi, '<location>').slice(0, 300);
}

/**
 * Polls the deployment record and swaps in a newly deployed version once it has loaded fully;
 * until then, and when loading fails, the previous model keeps serving. With nothing serving
 * (a restart onto a broken artifact) it falls back to the newest older version that loads, and
 * says so in the model info (/ready, every answer).
 */
export class DeploymentWatcher {
  private timer: NodeJS.Timeout | undefined;
  private servedKey: string | null = null;
  private failed: { key: string; at: number } | null = null;
  private checking: Promise<void> | null = null;

  constructor(private readonly options: DeploymentWatcherOptions) {}

  /** Check once now, then every `pollIntervalMs` (default 10 s). */
  async start(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), this.options.pollIntervalMs ?? 10_000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One poll; concurrent calls share the check in progress. */
  check(): Promise<void> {
    this.checking ??= this.poll().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async poll(): Promise<void> {
    const { source, predictor } = this.options;
    const log = this.options.log ?? ((message: string) => console.info(message));
    let deployment: Deployment | null;
    try {
      deployment = await source.current();
    } catch (error) {
      log(`predict-api: cannot read the deployment record from ${source.description}: ${(error as Error).message}`);
      return;
    }
    if (deployment === null) return;
    const key = keyOf(deployment);
    if (key === this.servedKey) return;
    const now = this.options.now ?? Date.now;
    const retryAfter = this.options.retryFailedAfterMs ?? 300_000;
    if (this.failed?.key === key && now() - this.failed.at < retryAfter) return;
    const attempt = await this.tryLoad(deployment, log);
    if (attempt.model !== null) {
      predictor.swap(attempt.model);
      this.servedKey = key;
      this.failed = null;
      log(`predict-api: serving model version ${deployment.version} from ${deployment.artifactUri}`);
      return;
    }
    this.failed = { key, at: now() };
    const reason = `model version ${deployment.version} is deployed but failed to load: ${attempt.reason}`;
    if (predictor.model !== null) return; // the version served before keeps serving
    for (const candidate of (await source.fallbacks?.(deployment).catch(() => [])) ?? []) {
      const fallback = await this.tryLoad(candidate, log);
      if (fallback.model === null) continue;
      predictor.swap({
        ...fallback.model,
        info: { ...fallback.model.info, fallback: { deployedVersion: deployment.version, reason } },
      });
      this.servedKey = keyOf(candidate);
      log(`predict-api: serving approved version ${candidate.version} instead: ${reason}`);
      return;
    }
    predictor.swap(null, `${reason[0]!.toUpperCase()}${reason.slice(1)}; no older approved version loads either`);
  }

  private async tryLoad(
    deployment: Deployment,
    log: (message: string) => void,
  ): Promise<{ model: ServableModel; reason?: never } | { model: null; reason: string }> {
    try {
      return { model: await this.options.source.load(deployment) };
    } catch (error) {
      this.options.onLoadFailure?.();
      log(
        `predict-api: cannot load model version ${deployment.version} from ${deployment.artifactUri}: ${(error as Error).message}`,
      );
      return { model: null, reason: publicReason(error) };
    }
  }
}

const keyOf = (deployment: Deployment): string => `${deployment.version} ${deployment.artifactUri}`;
