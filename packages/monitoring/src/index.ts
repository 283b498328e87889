// The public API of @powercast/monitoring: rolling accuracy of the deployed model from the forecast
// ledger, thresholds, the alert state machine kept in an artifact store, and the local outbox
// notifier. The SNS notifier is `@powercast/monitoring/sns` (it loads the AWS SDK).
export {
  DEFAULT_WINDOW_DAYS,
  NAIVE_BASELINE,
  actualsByDate,
  rollingAccuracy,
  scoredForecastsByDate,
  type AccuracyReport,
  type AccuracyWindow,
  type ForecasterAccuracy,
  type RollingAccuracyOptions,
} from './accuracy.js';
export {
  ALERT_LOG_PREFIX,
  AlertLog,
  AlertLogError,
  alertEventKey,
  type AlertEvent,
  type AlertLogEntry,
  type AlertStore,
} from './alert-log.js';
export { RETRAIN_SUGGESTION } from './alert-message.js';
export { alertTransitions, type AlertTransition, type OpenAlert } from './alert-state.js';
export { evaluateChecks, type AccuracyCheckId, type CheckResult } from './checks.js';
export { checkAccuracy, type AccuracyCheckRun, type CheckAccuracyOptions, type LedgerSource } from './monitor.js';
export { OutboxNotifier, outboxKey, type AlertNotifier } from './notifier.js';
export {
  PIPELINE_FAILURE_CHECK,
  pipelineFailureAlerter,
  pipelineFailureEvent,
  type PipelineFailureAlertOptions,
} from './pipeline-failure.js';
export {
  DEFAULT_MONITORING_CONFIG,
  MonitoringConfigError,
  parseMonitoringConfig,
  type MonitoringConfig,
} from './monitoring-config.js';
export {
  DEFAULT_CLEAR_MARGINS,
  DEFAULT_THRESHOLDS,
  ThresholdConfigError,
  parseThresholds,
  type ClearMargins,
  type MonitoringThresholds,
} from './thresholds.js';
