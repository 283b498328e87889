/** The SSM parameter names of the reference system, per environment (dev, prod). */
export interface ParameterNames {
  approved: string;
  lastDeployed: string;
  currentEndpoint: string;
  /** Marker written (create-only) when the approval request for a version was sent. */
  notified(group: string, version: number): string;
}

export function parameterNames(environment: string): ParameterNames {
  const root = `/power-forecasting/${environment}/sagemaker`;
  return {
    approved: `${root}/model-registry/approved`,
    lastDeployed: `${root}/deploy/last_deployed`,
    currentEndpoint: `${root}/deploy/current_endpoint`,
    notified: (group, version) => `/power-forecasting/${environment}/approval/notified/${group}/${version}`,
  };
}
