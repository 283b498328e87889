// @powercast/data-loaders/quality: the data-quality rules (one table), the pure checks behind them,
// and the reader that gathers what they look at. The pipeline's ValidateData step runs them.
export {
  QUALITY_ACTIONS,
  QUALITY_RULES,
  QUALITY_RULE_IDS,
  QualityConfigError,
  qualityActionsFrom,
  qualityRule,
  type QualityAction,
  type QualityActions,
  type QualityRule,
  type QualityRuleId,
  type QualitySeries,
  type ResolvedQualityActions,
} from './rules.js';
export type { QualityFinding } from './finding.js';
export {
  DataQualityError,
  describeFinding,
  findingsByMonth,
  validateForecastIssues,
  validateSources,
  type QualityInputs,
  type QualityReport,
  type QualityRuleSetting,
} from './validate.js';
export { inspectSources, type InspectedSources } from './inspect.js';
export type { ListedFile, SourceText } from './source-checks.js';
