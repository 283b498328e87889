import type { DemandObservation, ForecastRecord } from '../../src/domain.js';
import type { ModelInfo, PredictionBatch, Predictor, Readiness } from '../../src/predictors/predictor.js';

/**
 * A hand-written predictor for HTTP-level tests only (parsing, limits, errors). It computes a
 * visible function of the input so tests can check that records reach the back end in order.
 * End-to-end tests use a real trained model instead.
 */
export class StandInPredictor implements Predictor {
  readonly backend = 'local' as const;
  readonly calls: { records: ForecastRecord[]; history: DemandObservation[] | undefined }[] = [];
  private readonly model: ModelInfo = {
    backend: 'local',
    version: 7,
    source: 'stand-in',
    loadedAt: '2025-01-01T00:00:00.000Z',
  };

  constructor(private loaded = true) {}

  setLoaded(loaded: boolean): void {
    this.loaded = loaded;
  }

  async predict(records: ForecastRecord[], history?: DemandObservation[]): Promise<PredictionBatch> {
    this.calls.push({ records, history });
    return {
      model: this.model,
      predictions: records.map((record) => ({
        date: record.date,
        peakManKw: 3000 + record.max_temp * 10 + record.min_temp,
        variant: history === undefined ? 'weather-calendar' : 'with-history',
        weatherCategory:
          record.weather === null
            ? '不明'
            : record.weather.includes('晴')
              ? '晴れ'
              : record.weather.includes('曇')
                ? '曇り'
                : 'その他',
      })),
    };
  }

  readiness(): Readiness {
    return this.loaded ? { ready: true, model: this.model } : { ready: false, backend: 'local', reason: 'no model' };
  }
}
