export interface RegressionMetrics {
  mse: number;
  rmse: number;
  mae: number;
  /** Mean absolute percentage error, in percent (3.1 = 3.1 %). */
  mape: number;
  r2: number;
  maxError: number;
  /** Mean of predicted − actual (positive = over-forecast). */
  bias: number;
  n: number;
}

export function regressionMetrics(actual: ArrayLike<number>, predicted: ArrayLike<number>): RegressionMetrics {
  if (actual.length !== predicted.length) {
    throw new RangeError(`actual has ${actual.length} values, predicted ${predicted.length}; expected equal lengths`);
  }
  const n = actual.length;
  if (n === 0) throw new RangeError('cannot compute metrics of zero predictions');
  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i];
  mean /= n;
  let sse = 0;
  let sst = 0;
  let sae = 0;
  let sape = 0;
  let sumError = 0;
  let maxError = 0;
  for (let i = 0; i < n; i++) {
    const error = predicted[i] - actual[i];
    sse += error * error;
    sst += (actual[i] - mean) ** 2;
    sae += Math.abs(error);
    sape += Math.abs(error / actual[i]);
    sumError += error;
    maxError = Math.max(maxError, Math.abs(error));
  }
  const mse = sse / n;
  return {
    mse,
    rmse: Math.sqrt(mse),
    mae: sae / n,
    mape: (100 * sape) / n,
    r2: sst > 0 ? 1 - sse / sst : 0,
    maxError,
    bias: sumError / n,
    n,
  };
}

/** evaluation.json: the reference's `{"regression_metrics": {"mse": {"value": …}}}` with the other metrics beside mse. */
export interface EvaluationReport {
  regression_metrics: Record<'mse' | 'rmse' | 'mae' | 'mape' | 'r2' | 'max_error' | 'bias', { value: number }>;
}

export function evaluationReport(metrics: RegressionMetrics): EvaluationReport {
  return {
    regression_metrics: {
      mse: { value: metrics.mse },
      rmse: { value: metrics.rmse },
      mae: { value: metrics.mae },
      mape: { value: metrics.mape },
      r2: { value: metrics.r2 },
      max_error: { value: metrics.maxError },
      bias: { value: metrics.bias },
    },
  };
}
