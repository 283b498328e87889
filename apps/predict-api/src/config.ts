import { UserInputError } from '@powercast/contracts';
import { defineCommand, parseCommandLine, resolveUserPath } from '@powercast/contracts/cli';
import { z } from 'zod';
import { DEFAULT_SERVER_LIMITS, type ServerLimits } from './http/listen.js';

/** How the service finds its model. */
export type BackendConfig =
  | { kind: 'store'; storeUri: string; registryGroup: string; pollIntervalMs: number }
  | { kind: 'sagemaker'; endpointName: string; timeoutMs: number }
  | { kind: 'model-dir'; modelDir: string };

/**
 * Where the service's trusted inputs come from: TEPCO actuals, observed weather and JMA's archive
 * from a data folder laid out like `../shared/data` (or an s3:// prefix), JMA's live forecast from
 * a URL. Callers never supply them (a caller's JMA JSON and `history` apply to its request only).
 */
export interface TrustedInputsConfig {
  /** A folder or `s3://bucket/prefix`; without it POST /forecast answers 503 and no history is lent. */
  dataDir?: string;
  /** JMA's live 130000.json, used by POST /forecast when the body is empty. */
  jmaForecastUrl?: string;
  /** The live forecast and the lent history are refreshed at most this often. */
  refreshMinutes: number;
}

export interface ServiceConfig {
  /** `hosting` is the SageMaker inference-container contract: port 8080, model in /opt/ml/model. */
  mode: 'api' | 'hosting';
  host: string;
  port: number;
  backend: BackendConfig;
  driftSampleSize: number;
  /** `POWERCAST_DRIFT_MIN_SAMPLES`: /drift flags nothing on fewer records (default MIN_DRIFT_SAMPLE, 200). */
  driftMinSamples?: number;
  /** Timeouts and the connection cap of the HTTP server. */
  limits: ServerLimits;
  /** Present when a data folder or a live JMA URL is configured. */
  inputs?: TrustedInputsConfig;
}

export class ServiceConfigError extends UserInputError {
  override readonly name = 'ServiceConfigError';
  readonly kind = 'invalid-service-config';
}

const portSchema = z.coerce.number().int().min(0).max(65535);

export const SERVICE_COMMAND = defineCommand({
  name: 'predict-api',
  summary:
    'The prediction service: serves the approved model of the registry, proxies to SageMaker when\nSAGEMAKER_ENDPOINT_NAME is set, or is the SageMaker inference container (`serve`).',
  arguments: '[serve]',
  options: {
    store: {
      type: 'string',
      value: 'DIR|s3://…',
      description: 'artifact store with the registry (default: $POWERCAST_STORE, else .powercast)',
    },
    group: {
      type: 'string',
      value: 'NAME',
      description: 'model package group (default: $POWERCAST_REGISTRY_GROUP, else PowerForecastPackageGroup)',
    },
    'model-dir': { type: 'string', value: 'DIR', description: 'serve this model artifact instead of the registry' },
    'data-dir': {
      type: 'string',
      value: 'DIR|s3://…',
      description: 'trusted TEPCO/JMA files for POST /forecast and lent history (default: $POWERCAST_DATA_DIR)',
    },
    host: {
      type: 'string',
      value: 'ADDRESS',
      description: 'listen address (default: $HOST, else 127.0.0.1; hosting 0.0.0.0)',
    },
    port: { type: 'string', value: 'N', description: 'listen port (default: $PORT, else 8000; hosting 8080)' },
    hosting: {
      type: 'boolean',
      default: false,
      description: 'SageMaker hosting mode, as `serve` (model in /opt/ml/model)',
    },
  },
  notes: [
    'Environment: SAGEMAKER_ENDPOINT_NAME, SAGEMAKER_TIMEOUT_MS, POWERCAST_POLL_MS, POWERCAST_DRIFT_SAMPLE (2000),',
    'POWERCAST_DRIFT_MIN_SAMPLES (200: /drift flags nothing on fewer records),',
    'POWERCAST_HEADERS_TIMEOUT_MS (10000), POWERCAST_REQUEST_TIMEOUT_MS (30000), POWERCAST_KEEP_ALIVE_TIMEOUT_MS (65000),',
    'POWERCAST_MAX_CONNECTIONS (900): slow clients are cut (408), connections over the cap closed on arrival.',
    'POWERCAST_MODEL_ROOT / SM_MODEL_DIR (hosting), POWERCAST_JMA_FORECAST_URL (JMA live 130000.json for POST /forecast),',
    'POWERCAST_REFRESH_MINUTES (refetch the live forecast and reread lent history at most this often, default 30).',
    'A relative path you type resolves from the directory you run the command in.',
  ],
});

/**
 * Read the service settings from the command line and the environment (flags win).
 * `serve` as the first argument selects SageMaker hosting mode, as SageMaker starts containers
 * with `docker run <image> serve`. `--help` is not a configuration: ask `parseCommandLine` first.
 */
export function parseServiceConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string = process.cwd(),
): ServiceConfig {
  const line = parseCommandLine(SERVICE_COMMAND, argv);
  if (line.help) throw new ServiceConfigError('--help asks for the usage, not a configuration');
  const { values, positionals } = line;
  const typedPath = (path: string | undefined): string | undefined =>
    path === undefined || path === '' ? undefined : resolveUserPath(path, { env, cwd });
  const hosting = values.hosting || positionals[0] === 'serve';
  const portText = values.port ?? env['PORT'] ?? (hosting ? '8080' : '8000');
  const port = portSchema.safeParse(portText);
  if (!port.success) throw new ServiceConfigError(`PORT/--port must be an integer 0..65535, got "${portText}"`);
  const host = values.host ?? env['HOST'] ?? (hosting ? '0.0.0.0' : '127.0.0.1');
  const driftSampleSize = positiveInt(env['POWERCAST_DRIFT_SAMPLE'] ?? '2000', 'POWERCAST_DRIFT_SAMPLE');
  const driftMinSamplesText = env['POWERCAST_DRIFT_MIN_SAMPLES'];
  const driftMinSamples =
    driftMinSamplesText === undefined || driftMinSamplesText === ''
      ? undefined
      : positiveInt(driftMinSamplesText, 'POWERCAST_DRIFT_MIN_SAMPLES');
  if (driftMinSamples !== undefined && driftMinSamples > driftSampleSize)
    throw new ServiceConfigError(
      `POWERCAST_DRIFT_MIN_SAMPLES (${driftMinSamples}) must not exceed POWERCAST_DRIFT_SAMPLE (${driftSampleSize}), the records kept`,
    );
  const limits = serverLimits(env);
  const inputs = trustedInputs(
    values['data-dir'] ?? env['POWERCAST_DATA_DIR'],
    env['POWERCAST_JMA_FORECAST_URL'],
    env['POWERCAST_REFRESH_MINUTES'],
    typedPath,
  );
  const withInputs = (config: ServiceConfig): ServiceConfig => ({
    ...config,
    ...(driftMinSamples === undefined ? {} : { driftMinSamples }),
    ...(inputs === undefined ? {} : { inputs }),
  });

  if (hosting) {
    const modelDir =
      typedPath(values['model-dir'] ?? env['POWERCAST_MODEL_ROOT'] ?? env['SM_MODEL_DIR']) ?? '/opt/ml/model';
    return withInputs({
      mode: 'hosting',
      host,
      port: port.data,
      backend: { kind: 'model-dir', modelDir },
      driftSampleSize,
      limits,
    });
  }
  const endpointName = env['SAGEMAKER_ENDPOINT_NAME'];
  if (endpointName !== undefined && endpointName !== '') {
    const timeoutMs = positiveInt(env['SAGEMAKER_TIMEOUT_MS'] ?? '30000', 'SAGEMAKER_TIMEOUT_MS');
    return withInputs({
      mode: 'api',
      host,
      port: port.data,
      backend: { kind: 'sagemaker', endpointName, timeoutMs },
      driftSampleSize,
      limits,
    });
  }
  const modelDir = typedPath(values['model-dir']);
  if (modelDir !== undefined) {
    return withInputs({
      mode: 'api',
      host,
      port: port.data,
      backend: { kind: 'model-dir', modelDir },
      driftSampleSize,
      limits,
    });
  }
  return withInputs({
    mode: 'api',
    host,
    port: port.data,
    backend: {
      kind: 'store',
      storeUri: typedPath(values.store ?? env['POWERCAST_STORE']) ?? '.powercast',
      registryGroup: values.group ?? env['POWERCAST_REGISTRY_GROUP'] ?? 'PowerForecastPackageGroup',
      pollIntervalMs: positiveInt(env['POWERCAST_POLL_MS'] ?? '10000', 'POWERCAST_POLL_MS'),
    },
    driftSampleSize,
    limits,
  });
}

function trustedInputs(
  dataDir: string | undefined,
  jmaForecastUrl: string | undefined,
  refreshMinutes: string | undefined,
  typedPath: (path: string | undefined) => string | undefined,
): TrustedInputsConfig | undefined {
  const dir =
    dataDir === undefined || dataDir === '' ? undefined : dataDir.startsWith('s3://') ? dataDir : typedPath(dataDir);
  const url = jmaForecastUrl === undefined || jmaForecastUrl === '' ? undefined : jmaForecastUrl;
  if (url !== undefined && !/^https?:\/\/[^\s]+$/i.test(url))
    throw new ServiceConfigError(`POWERCAST_JMA_FORECAST_URL must be an http(s) URL, got "${url.slice(0, 80)}"`);
  if (dir === undefined && url === undefined) return undefined;
  return {
    ...(dir === undefined ? {} : { dataDir: dir }),
    ...(url === undefined ? {} : { jmaForecastUrl: url }),
    refreshMinutes: positiveInt(refreshMinutes ?? '30', 'POWERCAST_REFRESH_MINUTES'),
  };
}

function serverLimits(env: NodeJS.ProcessEnv): ServerLimits {
  const setting = (name: string, fallback: number): number => positiveInt(env[name] ?? String(fallback), name);
  const limits: ServerLimits = {
    headersTimeoutMs: setting('POWERCAST_HEADERS_TIMEOUT_MS', DEFAULT_SERVER_LIMITS.headersTimeoutMs),
    requestTimeoutMs: setting('POWERCAST_REQUEST_TIMEOUT_MS', DEFAULT_SERVER_LIMITS.requestTimeoutMs),
    keepAliveTimeoutMs: setting('POWERCAST_KEEP_ALIVE_TIMEOUT_MS', DEFAULT_SERVER_LIMITS.keepAliveTimeoutMs),
    maxConnections: setting('POWERCAST_MAX_CONNECTIONS', DEFAULT_SERVER_LIMITS.maxConnections),
  };
  // Node refuses to start a server whose headers may take longer than the whole request.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs)
    throw new ServiceConfigError(
      `POWERCAST_HEADERS_TIMEOUT_MS (${limits.headersTimeoutMs}) must not exceed POWERCAST_REQUEST_TIMEOUT_MS (${limits.requestTimeoutMs})`,
    );
  return limits;
}

function positiveInt(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new ServiceConfigError(`${name} must be a positive integer, got "${text}"`);
  return value;
}
