import {
  InvokeEndpointCommand,
  SageMakerRuntimeClient,
  SageMakerRuntimeServiceException,
} from '@aws-sdk/client-sagemaker-runtime';
import { z } from 'zod';
import type { DemandObservation, ForecastRecord, ServedPrediction } from '../domain.js';
import { HttpProblem } from '../http/problem.js';
import type { ModelInfo, PredictionBatch, Predictor, Readiness } from './predictor.js';

export interface SageMakerEndpointOptions {
  endpointName: string;
  client?: SageMakerRuntimeClient;
  /** Serverless endpoints can take tens of seconds on a cold start; past this the client gets 504. */
  timeoutMs?: number;
}

/**
 * What the endpoint may answer: our own hosting container sends the full response; the
 * reference system's container sends only `predictions` (a weather-and-calendar model).
 */
const endpointResponseSchema = z.object({
  predictions: z.array(z.number()),
  details: z
    .array(
      z.object({
        date: z.string(),
        peakManKw: z.number(),
        variant: z.enum(['with-history', 'weather-calendar']),
        weatherCategory: z.string().nullable(),
        // Our own container's 80 % interval (null for a model without quantiles).
        interval: z.object({ p10: z.number(), p50: z.number(), p90: z.number() }).nullable().optional(),
      }),
    )
    .optional(),
  model: z.object({ version: z.union([z.number(), z.string()]).nullable() }).optional(),
});

/** Proxies predictions to a SageMaker endpoint that speaks the `/invocations` contract. */
export class SageMakerEndpointPredictor implements Predictor {
  readonly backend = 'sagemaker' as const;
  private readonly client: SageMakerRuntimeClient;
  private readonly timeoutMs: number;

  constructor(private readonly options: SageMakerEndpointOptions) {
    this.client = options.client ?? new SageMakerRuntimeClient({});
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async predict(records: ForecastRecord[], history?: DemandObservation[]): Promise<PredictionBatch> {
    const { endpointName } = this.options;
    const command = new InvokeEndpointCommand({
      EndpointName: endpointName,
      ContentType: 'application/json',
      Accept: 'application/json',
      Body: new TextEncoder().encode(JSON.stringify(history === undefined ? { records } : { records, history })),
    });
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(this.timedOut());
      }, this.timeoutMs);
    });
    let output;
    try {
      output = await Promise.race([this.client.send(command, { abortSignal: abort.signal }), timeout]);
    } catch (error) {
      throw this.upstreamProblem(error);
    } finally {
      clearTimeout(timer);
    }
    return this.toBatch(records, output.Body);
  }

  readiness(): Readiness {
    return { ready: true, model: this.modelInfo(null) };
  }

  private modelInfo(version: number | string | null): ModelInfo {
    return { backend: 'sagemaker', version, source: `sagemaker:${this.options.endpointName}` };
  }

  private toBatch(records: ForecastRecord[], body: Uint8Array | undefined): PredictionBatch {
    let parsed: z.infer<typeof endpointResponseSchema>;
    try {
      parsed = endpointResponseSchema.parse(JSON.parse(new TextDecoder().decode(body ?? new Uint8Array())));
    } catch (error) {
      throw this.badGateway(
        `answered something that is not a prediction response (${(error as Error).message.slice(0, 200)})`,
      );
    }
    if (parsed.predictions.length !== records.length) {
      throw this.badGateway(`answered ${parsed.predictions.length} predictions for ${records.length} records`);
    }
    const predictions: ServedPrediction[] =
      parsed.details ??
      parsed.predictions.map((peakManKw, index) => ({
        date: records[index]?.date ?? '',
        peakManKw,
        variant: 'weather-calendar',
        weatherCategory: null,
      }));
    return { predictions, model: this.modelInfo(parsed.model?.version ?? null) };
  }

  private upstreamProblem(error: unknown): HttpProblem {
    if (error instanceof HttpProblem) return error;
    const name = error instanceof Error ? error.name : 'UnknownError';
    if (name === 'TimeoutError' || name === 'AbortError' || name === 'RequestTimeout') return this.timedOut();
    if (name === 'ModelNotReadyException') {
      return new HttpProblem(
        504,
        'endpoint-cold-start',
        'SageMaker endpoint not ready',
        `Endpoint "${this.options.endpointName}" is still starting (cold start); retry in a few seconds.`,
        [],
        { 'retry-after': '5' },
      );
    }
    if (error instanceof SageMakerRuntimeServiceException && name === 'ModelError') {
      const modelError = error as SageMakerRuntimeServiceException & {
        OriginalStatusCode?: number;
        OriginalMessage?: string;
      };
      return this.badGateway(
        `model container answered status ${modelError.OriginalStatusCode ?? '?'}: ${(modelError.OriginalMessage ?? error.message).slice(0, 300)}`,
      );
    }
    if (name === 'ValidationError')
      return this.badGateway(
        `rejected the call (is the endpoint name right and InService?): ${(error as Error).message}`,
      );
    return this.badGateway(`failed with ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }

  private timedOut(): HttpProblem {
    return new HttpProblem(
      504,
      'endpoint-timeout',
      'SageMaker endpoint timed out',
      `Endpoint "${this.options.endpointName}" did not answer within ${this.timeoutMs} ms (a serverless cold start can take longer; retry).`,
    );
  }

  private badGateway(what: string): HttpProblem {
    return new HttpProblem(
      502,
      'endpoint-error',
      'SageMaker endpoint error',
      `Endpoint "${this.options.endpointName}" ${what}`,
    );
  }
}
