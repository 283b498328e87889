/**
 * The small interfaces the approval logic runs against. The decide-and-deploy ports are shared with the
 * trainer's `models` command (`@powercast/aws-pipeline/approval`); the AWS handlers implement them with
 * SageMaker, SSM, SES and SNS, the local flow with the store-backed registry of @powercast/aws-pipeline.
 */
export {
  PackageAlreadyDecidedError,
  PackageNotFoundError,
  type ApprovalRegistry,
  type Deployer,
  type DeploymentStart,
  type PackageApprovalStatus,
  type PackageDecision,
  type PackageSnapshot,
  type ParameterStore,
} from '@powercast/aws-pipeline/approval';

export interface Notifier {
  notify(subject: string, text: string): Promise<void>;
}
