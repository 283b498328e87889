import { FeatureInputError } from '@powercast/features';
import type { ForecastModel } from '@powercast/model';
import type { DemandObservation, ForecastRecord, ForecastVariant, PredictionInterval } from '../domain.js';
import { HttpProblem, RequestProblem } from '../http/problem.js';
import type { DriftReference } from '../monitoring/drift-monitor.js';
import { CoalescingEngine } from './coalescing-engine.js';
import type { ModelInfo, PredictionBatch, Predictor, Readiness } from './predictor.js';

/** The part of `@powercast/model`'s ForecastModel the service calls. */
export interface ForecastEngine {
  predict(
    records: ForecastRecord[],
    history?: DemandObservation[],
  ): { date: string; peak: number; variant: ForecastVariant; weatherCategory: string; interval?: PredictionInterval }[];
}

/** A model ready to serve, with what the service reports about it. */
export interface ServableModel {
  engine: ForecastEngine;
  info: ModelInfo;
  /** The training distribution to measure input drift against, when the artifact has one. */
  drift?: DriftReference;
  /** The model itself, for POST /forecast (`forecastAsOf` reads its spec and feature matrix). */
  forecastModel?: ForecastModel;
}

export const HOW_TO_GET_A_MODEL =
  'No approved model is deployed yet. Train and register one with `npx nx run trainer:run`, approve it with the approval app ' +
  '(e.g. version 1), and this service loads it within seconds; /ready reports when it has.';

/**
 * Serves the local model. The model is one reference swapped in a single assignment, so a new
 * version takes over between requests and a request in flight finishes on the model it started with.
 */
export class LocalModelPredictor implements Predictor {
  readonly backend = 'local' as const;
  private current: { model: ServableModel; engine: CoalescingEngine } | null = null;
  private unavailableReason: string;

  constructor(initial: ServableModel | null = null, unavailableReason = HOW_TO_GET_A_MODEL) {
    this.unavailableReason = unavailableReason;
    this.swap(initial, unavailableReason);
  }

  /** Replace the served model (or, with null, stop serving with the reason given). */
  swap(next: ServableModel | null, unavailableReason = HOW_TO_GET_A_MODEL): void {
    // Each model gets its own coalescing queue, so calls queued before a swap finish on the old model.
    this.current = next === null ? null : { model: next, engine: new CoalescingEngine(next.engine) };
    this.unavailableReason = unavailableReason;
  }

  get model(): ServableModel | null {
    return this.current?.model ?? null;
  }

  /** The served model for POST /forecast; 503 as /predict when none is loaded. */
  forecastModel(): { model: ForecastModel; info: ModelInfo } {
    const served = this.served();
    if (served.model.forecastModel === undefined)
      throw new HttpProblem(503, 'no-model', 'No model loaded', 'The served model cannot forecast as of an instant.');
    return { model: served.model.forecastModel, info: served.model.info };
  }

  private served(): { model: ServableModel; engine: CoalescingEngine } {
    const served = this.current;
    if (served === null)
      throw new HttpProblem(503, 'no-model', 'No model loaded', this.unavailableReason, [], { 'retry-after': '30' });
    return served;
  }

  async predict(records: ForecastRecord[], history?: DemandObservation[]): Promise<PredictionBatch> {
    const served = this.served();
    let forecasts: ReturnType<ForecastEngine['predict']>;
    try {
      forecasts = await served.engine.predict(records, history);
    } catch (error) {
      // Input the HTTP checks let through but the feature pipeline cannot use is still the client's to fix.
      if (error instanceof FeatureInputError) {
        throw new RequestProblem(422, 'invalid-records', 'Invalid prediction request', error.message, [
          { path: [error.field], message: `expected ${error.expected}`, value: error.value },
        ]);
      }
      throw error;
    }
    return {
      model: served.model.info,
      predictions: forecasts.map((forecast) => ({
        date: forecast.date,
        peakManKw: forecast.peak,
        variant: forecast.variant,
        weatherCategory: forecast.weatherCategory,
        ...(forecast.interval === undefined ? {} : { interval: forecast.interval }),
      })),
    };
  }

  readiness(): Readiness {
    const served = this.current;
    return served === null
      ? { ready: false, backend: 'local', reason: this.unavailableReason }
      : { ready: true, model: served.model.info };
  }
}
