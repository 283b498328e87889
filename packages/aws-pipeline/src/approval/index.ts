// The approval logic shared by apps/approval (Lambda handlers, local server) and apps/trainer
// (outbox after RegisterModel). Also published as `@powercast/aws-pipeline/approval`, which loads
// only zod, @powercast/contracts and Node built-ins: the Lambda bundles import it without the
// pipeline, model or SDK code.
export {
  ApprovalTokenError,
  DEFAULT_TOKEN_TTL_SECONDS,
  MIN_SECRET_BYTES,
  TOKEN_CLOCK_SKEW_SECONDS,
  approvalActions,
  issueApprovalToken,
  tokenFingerprint,
  verifyApprovalToken,
  type ApprovalAction,
  type ApprovalClaims,
  type IssueTokenInput,
  type TokenFailureReason,
  type TokenVerification,
  type VerifyTokenInput,
} from './approval-token.js';
export {
  approvalEvidence,
  evidenceSectionHtml,
  type MetricRow,
  type MetricSection,
  composeApprovalMessage,
  packageMetricsFrom,
  type ApprovalMessage,
  type ApprovalMessageInput,
  type ChartLink,
  type ChampionSummary,
  type MetricSet,
  type PackageMetrics,
} from './approval-message.js';
export { flatPackageMetrics, packageMetricsFromReport } from './package-metrics.js';
export {
  METRIC_NAMES,
  evaluationReportSchema,
  type ChampionComparison,
  type DeployedEvaluation,
  type EvaluationBasis,
  type EvaluationDocument,
  type EvaluationReportInput,
  type MetricsBlock,
  type RegressionMetricsDocument,
} from './evaluation-report.js';
export { escapeHtml } from './escape-html.js';
export type { KeyValueStore } from './key-value-store.js';
export { localChartLinks } from './local-charts.js';
export { LOCAL_SECRET_KEY, localApprovalSecret } from './local-secret.js';
export {
  DEFAULT_LOCAL_APPROVAL_URL,
  DEFAULT_LOCAL_APPROVER,
  localPackageId,
  writeApprovalMessage,
  writePackageApprovalMessage,
  type OutboxEntry,
  type OutboxRequest,
  type PackageOutboxRequest,
} from './outbox.js';
export {
  PackageAlreadyDecidedError,
  PackageNotDeployableError,
  PackageNotFoundError,
  versionOfPackageId,
  type ApprovalRegistry,
  type Deployer,
  type DeploymentStart,
  type PackageApprovalStatus,
  type PackageDecision,
  type PackageSnapshot,
  type ParameterStore,
} from './decision-ports.js';
export {
  decideAndDeploy,
  deployApproved,
  type DecideAndDeployPorts,
  type DecideOutcome,
  type DecisionLog,
  type DecisionLogLevel,
  type DeploymentOutcome,
} from './decide-and-deploy.js';
