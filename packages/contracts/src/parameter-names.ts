/**
 * The SSM parameters of the approval flow for one environment (`dev`, `prod`, or `local` for the
 * file-backed flow): infra creates them and grants access to them, the approval Lambdas read and
 * write them.
 */
export interface ParameterNames {
  /** SecureString: the key that signs the approval links. */
  approvalSecret: string;
  /** The package last approved (written by decide). */
  approved: string;
  /** The package the endpoint serves (written by recordDeployment). */
  lastDeployed: string;
  /** The endpoint serving the last deployment (written by recordDeployment). */
  currentEndpoint: string;
  /** Prefix of notifyApprover's create-only markers, one per notified version. */
  notifiedMarkerPrefix: string;
  /** The marker written (create-only) when the approval request for a version was sent. */
  notified(group: string, version: number): string;
  /** Prefix of decide's create-only markers, one per decided version (the decision that won). */
  decidedMarkerPrefix: string;
  /** The marker decide creates before it updates the package: two concurrent decisions, one wins. */
  decided(group: string, version: number): string;
}

export function parameterNames(environment: string): ParameterNames {
  const root = `/power-forecasting/${environment}`;
  const notifiedMarkerPrefix = `${root}/approval/notified/`;
  const decidedMarkerPrefix = `${root}/approval/decided/`;
  return {
    approvalSecret: `${root}/approval/token-secret`,
    approved: `${root}/sagemaker/model-registry/approved`,
    lastDeployed: `${root}/sagemaker/deploy/last_deployed`,
    currentEndpoint: `${root}/sagemaker/deploy/current_endpoint`,
    notifiedMarkerPrefix,
    notified: (group, version) => `${notifiedMarkerPrefix}${group}/${version}`,
    decidedMarkerPrefix,
    decided: (group, version) => `${decidedMarkerPrefix}${group}/${version}`,
  };
}
