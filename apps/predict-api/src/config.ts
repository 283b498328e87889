import { parseArgs } from 'node:util';
import { UserInputError } from '@powercast/contracts';
import { z } from 'zod';

/** How the service finds its model. */
export type BackendConfig =
  | { kind: 'store'; storeUri: string; registryGroup: string; pollIntervalMs: number }
  | { kind: 'sagemaker'; endpointName: string; timeoutMs: number }
  | { kind: 'model-dir'; modelDir: string };

export interface ServiceConfig {
  /** `hosting` is the SageMaker inference-container contract: port 8080, model in /opt/ml/model. */
  mode: 'api' | 'hosting';
  host: string;
  port: number;
  backend: BackendConfig;
  driftSampleSize: number;
}

export class ServiceConfigError extends UserInputError {
  override readonly name = 'ServiceConfigError';
  readonly kind = 'invalid-service-config';
}

const portSchema = z.coerce.number().int().min(0).max(65535);

/**
 * Read the service settings from the command line and the environment (flags win).
 * `serve` as the first argument selects SageMaker hosting mode, as SageMaker starts containers
 * with `docker run <image> serve`.
 */
export function parseServiceConfig(argv: readonly string[], env: NodeJS.ProcessEnv): ServiceConfig {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      store: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      hosting: { type: 'boolean', default: false },
      'model-dir': { type: 'string' },
      group: { type: 'string' },
    },
  });
  const hosting = values.hosting || positionals[0] === 'serve';
  const portText = values.port ?? env['PORT'] ?? (hosting ? '8080' : '8000');
  const port = portSchema.safeParse(portText);
  if (!port.success) throw new ServiceConfigError(`PORT/--port must be an integer 0..65535, got "${portText}"`);
  const host = values.host ?? env['HOST'] ?? (hosting ? '0.0.0.0' : '127.0.0.1');
  const driftSampleSize = positiveInt(env['POWERCAST_DRIFT_SAMPLE'] ?? '2000', 'POWERCAST_DRIFT_SAMPLE');

  if (hosting) {
    const modelDir = values['model-dir'] ?? env['POWERCAST_MODEL_ROOT'] ?? env['SM_MODEL_DIR'] ?? '/opt/ml/model';
    return { mode: 'hosting', host, port: port.data, backend: { kind: 'model-dir', modelDir }, driftSampleSize };
  }
  const endpointName = env['SAGEMAKER_ENDPOINT_NAME'];
  if (endpointName !== undefined && endpointName !== '') {
    const timeoutMs = positiveInt(env['SAGEMAKER_TIMEOUT_MS'] ?? '30000', 'SAGEMAKER_TIMEOUT_MS');
    return {
      mode: 'api',
      host,
      port: port.data,
      backend: { kind: 'sagemaker', endpointName, timeoutMs },
      driftSampleSize,
    };
  }
  if (values['model-dir'] !== undefined) {
    return {
      mode: 'api',
      host,
      port: port.data,
      backend: { kind: 'model-dir', modelDir: values['model-dir'] },
      driftSampleSize,
    };
  }
  return {
    mode: 'api',
    host,
    port: port.data,
    backend: {
      kind: 'store',
      storeUri: values.store ?? env['POWERCAST_STORE'] ?? '.powercast',
      registryGroup: values.group ?? env['POWERCAST_REGISTRY_GROUP'] ?? 'PowerForecastPackageGroup',
      pollIntervalMs: positiveInt(env['POWERCAST_POLL_MS'] ?? '10000', 'POWERCAST_POLL_MS'),
    },
    driftSampleSize,
  };
}

function positiveInt(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new ServiceConfigError(`${name} must be a positive integer, got "${text}"`);
  return value;
}
