export { GradientBoostedTrees, type GbtDocument, type GbtTrainingSummary } from './boosting/gradient-boosted-trees.js';
export {
  defaultGbtHyperparameters,
  resolveGbtHyperparameters,
  type GbtHyperparameters,
} from './boosting/hyperparameters.js';
export {
  RandomForest,
  defaultRandomForestHyperparameters,
  type RandomForestHyperparameters,
  type RandomForestDocument,
} from './forest/random-forest.js';
export { CartRegressor, type CartHyperparameters, type CartDocument } from './forest/cart.js';
export { TreeEnsemble } from './ensemble/tree-ensemble.js';
export { featureImportance, type FeatureImportance } from './ensemble/importance.js';
export type { EnsembleDocument } from './ensemble/ensemble-document.js';
export type { CompactTree } from './ensemble/compact-tree.js';
export {
  regressionMetrics,
  evaluationReport,
  type RegressionMetrics,
  type EvaluationReport,
} from './metrics/regression-metrics.js';
export { TreeGrower, type TreeGrowthParams, type GrownTree } from './tree/grower.js';
export { fitFeatureBins, binMatrix, type FeatureBins, type BinnedMatrix } from './tree/binning.js';
export { flatTreeToCartJson, flatTreeFromCartJson, predictFlatTree, type FlatTree } from './tree/flat-tree.js';
export type { CartTreeJson } from './tree/cart-json.js';
export type { DenseMatrix } from './tree/dense-matrix.js';
export * from './charts/index.js';
export {
  ForecastModel,
  defaultForecastHyperparameters,
  defaultHistoryTarget,
  type ForecastPrediction,
  type ForecastTrainingOptions,
  type TrainingWindow,
} from './forecast/forecast-model.js';
export {
  VariantModel,
  type ForecastVariant,
  type TargetTransform,
  type VariantModelDocument,
} from './forecast/variant-model.js';
export {
  MODEL_SCHEMA_VERSION,
  ModelDocumentError,
  parseModelDocument,
  type ModelDocument,
} from './forecast/model-document.js';
export {
  backtest,
  referenceTrainingOptions,
  type BacktestOptions,
  type BacktestResult,
  type BacktestSeries,
  type BacktestPrediction,
} from './forecast/backtest.js';
export {
  writeModelArtifact,
  MODEL_FILE,
  EVALUATION_FILE,
  FEATURES_FILE,
  TARBALL_FILE,
  type ModelArtifactInput,
  type WrittenArtifact,
} from './artifact/write-artifact.js';
export { loadModel, type LoadedModel, type ModelMetadata } from './artifact/load-model.js';
export { ModelArtifactError } from './artifact/errors.js';
