// `@powercast/model/trees`: the tree learners the forecast model is built from — gradient
// boosting, random forest and ml-cart's CART — over a row-major DenseMatrix, with trees in
// ml-cart's JSON form. Depends on ml-cart and zod only.
export { GradientBoostedTrees, type GbtDocument, type GbtTrainingSummary } from './boosting/gradient-boosted-trees.js';
export {
  defaultGbtHyperparameters,
  resolveGbtHyperparameters,
  type GbtHyperparameters,
  type GbtObjective,
} from './boosting/hyperparameters.js';
export {
  RandomForest,
  defaultRandomForestHyperparameters,
  type RandomForestHyperparameters,
  type RandomForestDocument,
} from './forest/random-forest.js';
export { CartRegressor, type CartHyperparameters, type CartDocument } from './forest/cart.js';
export { TreeEnsemble } from './ensemble/tree-ensemble.js';
export type { EnsembleDocument } from './ensemble/ensemble-document.js';
export type { CompactTree } from './ensemble/compact-tree.js';
export { featureImportance, type FeatureImportance } from './ensemble/importance.js';
export type { FlatTree } from './tree/flat-tree.js';
export type { CartTreeJson } from './tree/cart-json.js';
export type { DenseMatrix } from './tree/dense-matrix.js';
