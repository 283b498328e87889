import type { EnvironmentConfig } from './environment-config.js';

/** The approval Lambda handlers, named as apps/approval names its bundles. */
export const approvalFunctionNames = ['notifyApprover', 'decide', 'deploy', 'recordDeployment'] as const;
export type ApprovalFunctionName = (typeof approvalFunctionNames)[number];

export interface ResourceNames {
  bucket: string;
  kmsAlias: string;
  sagemakerExecutionRole: string;
  trainerRepository: string;
  predictApiRepository: string;
  approvalApi: string;
  alertTopic: string;
  functions: Record<ApprovalFunctionName, string>;
  functionRoles: Record<ApprovalFunctionName, string>;
  rules: { modelPackagePending: string; endpointStateChange: string; pipelineFailed: string };
  apiAccessLogGroup: string;
  parameters: {
    approvalSecret: string;
    approvedPackage: string;
    lastDeployed: string;
    currentEndpoint: string;
    /** Prefix of notifyApprover's create-only markers `<prefix><group>/<version>` (one per notified version). */
    notifiedMarkerPrefix: string;
  };
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** Every physical name of an environment, derived from its config in one place. */
export function resourceNames(config: EnvironmentConfig): ResourceNames {
  const scoped = (thing: string): string => `${config.namePrefix}-${thing}-${config.environment}`;
  // apps/approval derives its SSM names from the environment the same way (parameter-names.ts).
  const parameterRoot = `/power-forecasting/${config.environment}`;
  const perFunction = (make: (fn: ApprovalFunctionName) => string): Record<ApprovalFunctionName, string> =>
    Object.fromEntries(approvalFunctionNames.map((fn) => [fn, make(fn)])) as Record<ApprovalFunctionName, string>;
  return {
    bucket: config.storage.bucketName,
    kmsAlias: `alias/${scoped('data')}`,
    sagemakerExecutionRole: scoped('sagemaker-execution'),
    trainerRepository: scoped('trainer'),
    predictApiRepository: scoped('predict-api'),
    approvalApi: scoped('approval-api'),
    alertTopic: scoped('pipeline-alerts'),
    functions: perFunction((fn) => scoped(kebab(fn))),
    functionRoles: perFunction((fn) => scoped(`${kebab(fn)}-lambda`)),
    rules: {
      modelPackagePending: scoped('model-package-pending'),
      endpointStateChange: scoped('endpoint-state-change'),
      pipelineFailed: scoped('pipeline-failed'),
    },
    apiAccessLogGroup: `/aws/apigateway/${scoped('approval-api')}`,
    parameters: {
      approvalSecret: `${parameterRoot}/approval/token-secret`,
      approvedPackage: `${parameterRoot}/sagemaker/model-registry/approved`,
      lastDeployed: `${parameterRoot}/sagemaker/deploy/last_deployed`,
      currentEndpoint: `${parameterRoot}/sagemaker/deploy/current_endpoint`,
      notifiedMarkerPrefix: `${parameterRoot}/approval/notified/`,
    },
  };
}
