// `@powercast/aws-pipeline/approval/aws`: the decide-and-deploy ports on AWS — SageMaker Model Registry with
// its create-only decision markers, and SSM Parameter Store — shared by the approval Lambdas and
// `trainer:models --registry sagemaker`, so one code path decides on AWS. Loads the SageMaker and SSM clients.
export {
  CHARTS_METADATA_KEY,
  InvalidPackageArnError,
  SageMakerApprovalRegistry,
  approvalDescription,
  toSnapshot,
  versionFromArn,
  type DecisionMarkers,
} from './sagemaker-approval-registry.js';
export { SsmParameterStore, readSecureString } from './ssm-parameter-store.js';
export {
  DeployFunctionError,
  deployFunctionAnswer,
  deployRequestSchema,
  deploymentStartSchema,
  type DeployRequest,
} from './deploy-function.js';
