// File names several projects read or write. The model artifact: @powercast/model writes and loads
// it, the pipeline packs and registers it, predict-api and SageMaker serve it.
/** The model document. */
export const MODEL_FILE = 'model.json';
/** Ordered feature names, one per line (also beside the pipeline's train/test matrices). */
export const FEATURES_FILE = 'features.txt';
/** Test-period metrics in SageMaker's model-quality shape; the pipeline's CheckMSE reads it. */
export const EVALUATION_FILE = 'evaluation.json';
/** The artifact packed for SageMaker (the name SageMaker itself uses). */
export const MODEL_TARBALL = 'model.tar.gz';

// An evaluation's outputs: the pipeline's EvaluateModel step and the trainer's backtest.
/** Regression metrics as plain numbers. */
export const METRICS_FILE = 'metrics.json';
/** `date,actual,predicted,variant` rows. */
export const PREDICTIONS_FILE = 'predictions.csv';

// The data-quality report: the pipeline's ValidateData writes it, the trainer prints its summary.
/** Every finding of the data-quality rules, the rules as applied and the one-line summary. */
export const QUALITY_FILE = 'quality.json';
/** Stem of the findings-per-month chart (`.png`, `.svg`) that @powercast/charts draws beside the others. */
export const QUALITY_CHART = 'quality_findings_by_month';
