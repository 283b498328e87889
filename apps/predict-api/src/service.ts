import type { S3Client } from '@aws-sdk/client-s3';
import type { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { OpenArtifactStoreOptions } from '@powercast/aws-pipeline';
import type { LedgerSource } from '@powercast/monitoring';
import type { BackendConfig, ServiceConfig, TrustedInputsConfig } from './config.js';
import { AsOfForecaster, type ServedForecastModel } from './forecast/as-of-forecaster.js';
import { JmaForecastFeed } from './forecast/jma-forecast-feed.js';
import { MonitoringSources } from './console/monitoring-sources.js';
import { createPredictApp } from './http/app.js';
import { HttpProblem } from './http/problem.js';
import { TrustedData } from './inputs/trusted-data.js';
import { listen, type ListeningServer } from './http/listen.js';
import { DriftMonitor } from './monitoring/drift-monitor.js';
import { ServiceMetrics } from './monitoring/metrics.js';
import { DeploymentWatcher, publicReason } from './predictors/deployment-watcher.js';
import { loadServableModel } from './predictors/load-servable-model.js';
import { LocalModelPredictor } from './predictors/local-model.js';
import type { Predictor } from './predictors/predictor.js';
import { SageMakerEndpointPredictor } from './predictors/sagemaker-endpoint.js';

export interface RunningService extends ListeningServer {
  predictor: Predictor;
  /** Present with a configured data folder: its latest actuals are lent as history. */
  data?: TrustedData;
  /** Present with a configured live JMA URL. */
  feed?: JmaForecastFeed;
  /** Present with the store back end: poll now instead of waiting for the interval. */
  watcher?: DeploymentWatcher;
}

export interface ServiceOverrides {
  sagemakerClient?: SageMakerRuntimeClient;
  /** For `s3://` stores: the S3 client to use (tests point one at s3rver). */
  storeOptions?: OpenArtifactStoreOptions;
  /** For an `s3://` data folder: the S3 client to read it with (tests point one at s3rver). */
  dataS3Client?: S3Client;
  log?: (message: string) => void;
  /** The forecast ledger for the console and the accuracy gauges (the ledger store's reader). */
  ledger?: LedgerSource;
}

/** Build the back end named by the config, the app around it, and start listening. */
export async function startService(config: ServiceConfig, overrides: ServiceOverrides = {}): Promise<RunningService> {
  const log = overrides.log ?? ((message: string) => console.info(message));
  const metrics = new ServiceMetrics();
  const { predictor, watcher, monitoring } = await createBackend(config.backend, overrides, log, metrics);
  const drift = new DriftMonitor(config.driftSampleSize, config.driftMinSamples);
  const { data, feed } = trustedInputs(config.inputs, overrides, log, metrics);
  const app = createPredictApp({
    predictor,
    metrics,
    drift: {
      monitor: drift,
      reference: () => (predictor instanceof LocalModelPredictor ? (predictor.model?.drift ?? null) : null),
    },
    ...(data ? { data } : {}),
    forecaster: new AsOfForecaster({
      model: servedForecastModel(predictor),
      ...(data ? { data } : {}),
      ...(feed ? { feed } : {}),
      log,
    }),
    log,
    ...(monitoring || overrides.ledger
      ? {
          monitoring:
            monitoring ?? new MonitoringSources({ ...(overrides.ledger ? { ledger: overrides.ledger } : {}) }),
        }
      : {}),
  });
  const server = await listen(app.fetch, config.host, config.port, { limits: config.limits, events: metrics });
  log(
    `predict-api: ${config.mode === 'hosting' ? 'SageMaker hosting mode' : 'listening'} on ${server.url} (${describeBackend(config.backend)})`,
  );
  return {
    ...server,
    predictor,
    ...(watcher ? { watcher } : {}),
    ...(data ? { data } : {}),
    ...(feed ? { feed } : {}),
    close: async () => {
      watcher?.stop();
      await server.close();
    },
  };
}

/** The data folder and the live feed; both start reading in the background (requests never wait for the actuals). */
function trustedInputs(
  inputs: TrustedInputsConfig | undefined,
  overrides: ServiceOverrides,
  log: (message: string) => void,
  metrics: ServiceMetrics,
): { data?: TrustedData; feed?: JmaForecastFeed } {
  const refreshMs = (inputs?.refreshMinutes ?? 30) * 60_000;
  const data =
    inputs?.dataDir === undefined
      ? undefined
      : new TrustedData({
          source: inputs.dataDir,
          refreshMs,
          log,
          onRejected: () => metrics.countInputRejected('tepco-actuals'),
          ...(overrides.dataS3Client ? { s3Client: overrides.dataS3Client } : {}),
        });
  const feed =
    inputs?.jmaForecastUrl === undefined
      ? undefined
      : new JmaForecastFeed({
          url: inputs.jmaForecastUrl,
          refreshMs,
          log,
          onRejected: () => metrics.countInputRejected('jma-live-feed'),
        });
  void data?.refresh();
  void feed?.refresh();
  return { ...(data ? { data } : {}), ...(feed ? { feed } : {}) };
}

/** Only a model loaded in this process can forecast as of an instant (forecastAsOf reads its spec). */
function servedForecastModel(predictor: Predictor): ServedForecastModel {
  if (predictor instanceof LocalModelPredictor) return () => predictor.forecastModel();
  return () => {
    throw new HttpProblem(
      503,
      'no-local-model',
      'No local model',
      'POST /forecast needs the model loaded in this service; with SAGEMAKER_ENDPOINT_NAME set it only proxies /predict. ' +
        'Start it with --store or --model-dir instead.',
    );
  };
}

async function createBackend(
  backend: BackendConfig,
  overrides: ServiceOverrides,
  log: (message: string) => void,
  metrics: ServiceMetrics,
): Promise<{ predictor: Predictor; watcher?: DeploymentWatcher; monitoring?: MonitoringSources }> {
  switch (backend.kind) {
    case 'sagemaker':
      return {
        predictor: new SageMakerEndpointPredictor({
          endpointName: backend.endpointName,
          timeoutMs: backend.timeoutMs,
          ...(overrides.sagemakerClient ? { client: overrides.sagemakerClient } : {}),
        }),
      };
    case 'model-dir': {
      const predictor = new LocalModelPredictor();
      try {
        predictor.swap(await loadServableModel(backend.modelDir, { version: null, source: backend.modelDir }));
      } catch (error) {
        // Stay up so /ping and /ready can say what is wrong instead of a crash loop.
        // The log names the directory; the HTTP body does not (no server paths to clients).
        log(`predict-api: cannot load the model from ${backend.modelDir}: ${(error as Error).message}`);
        metrics.countModelLoadFailure();
        predictor.swap(null, `Cannot load the model from the configured model directory: ${publicReason(error)}`);
      }
      return { predictor };
    }
    case 'store': {
      const predictor = new LocalModelPredictor();
      // Loaded only for this back end: hosting mode and the SageMaker proxy never touch the store.
      const { storeDeploymentSource, storeMonitoringSources } = await import('./predictors/store-backend.js');
      const source = storeDeploymentSource(backend.storeUri, backend.registryGroup, overrides.storeOptions);
      // The console reads the alert log and the deployed version's evaluation from the same store.
      const monitoring = storeMonitoringSources(
        backend.storeUri,
        backend.registryGroup,
        overrides.storeOptions,
        overrides.ledger,
      );
      const watcher = new DeploymentWatcher({
        source,
        predictor,
        pollIntervalMs: backend.pollIntervalMs,
        log,
        onLoadFailure: () => metrics.countModelLoadFailure(),
      });
      await watcher.start();
      return { predictor, watcher, monitoring };
    }
  }
}

function describeBackend(backend: BackendConfig): string {
  switch (backend.kind) {
    case 'sagemaker':
      return `SageMaker endpoint ${backend.endpointName}`;
    case 'model-dir':
      return `model from ${backend.modelDir}`;
    case 'store':
      return `deployed model of ${backend.registryGroup} in ${backend.storeUri}`;
  }
}
