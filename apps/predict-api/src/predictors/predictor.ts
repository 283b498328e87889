import type { DemandObservation, ForecastRecord, ServedPrediction } from '../domain.js';

export type BackendKind = 'local' | 'sagemaker';

/** What the service knows about the model answering requests. */
export interface ModelInfo {
  backend: BackendKind;
  version: number | string | null;
  trainedWindow?: { from: string; to: string };
  loadedAt?: string;
  /** Where the model came from: an artifact URI, a directory or an endpoint name. */
  source: string;
  /** Set when the deployed version could not be served and an older approved one answers instead. */
  fallback?: { deployedVersion: number; reason: string };
}

export type Readiness = { ready: true; model: ModelInfo } | { ready: false; backend: BackendKind; reason: string };

export interface PredictionBatch {
  predictions: ServedPrediction[];
  model: ModelInfo;
}

/**
 * The one seam between HTTP handling and whatever computes forecasts: the local model, a
 * SageMaker endpoint, or (in HTTP-level tests) a hand-written stand-in.
 * `predict` throws HttpProblem for conditions the client should see (503 no model, 502/504 upstream),
 * and a user-input error (RequestProblem 422) for records the model cannot use.
 */
export interface Predictor {
  readonly backend: BackendKind;
  predict(records: ForecastRecord[], history?: DemandObservation[]): Promise<PredictionBatch>;
  readiness(): Readiness;
}
