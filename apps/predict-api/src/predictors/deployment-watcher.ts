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
}

export interface DeploymentWatcherOptions {
  source: DeploymentSource;
  predictor: LocalModelPredictor;
  pollIntervalMs?: number;
  log?: (message: string) => void;
}

/**
 * Polls the deployment record and swaps in a newly deployed version once it has loaded fully;
 * until then, and when loading fails, the previous model keeps serving.
 */
export class DeploymentWatcher {
  private timer: NodeJS.Timeout | undefined;
  private servedKey: string | null = null;
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
    const key = `${deployment.version} ${deployment.artifactUri}`;
    if (key === this.servedKey) return;
    try {
      const model = await source.load(deployment);
      predictor.swap(model);
      this.servedKey = key;
      log(`predict-api: serving model version ${deployment.version} from ${deployment.artifactUri}`);
    } catch (error) {
      log(
        `predict-api: cannot load model version ${deployment.version} from ${deployment.artifactUri}: ${(error as Error).message}`,
      );
      if (predictor.model === null) {
        predictor.swap(
          null,
          `Model version ${deployment.version} is deployed but failed to load: ${(error as Error).message}`,
        );
      }
    }
  }
}
