/** The SSM parameter names of the reference system, per environment (dev, prod). */
export interface ParameterNames {
  approved: string;
  lastDeployed: string;
  currentEndpoint: string;
}

export function parameterNames(environment: string): ParameterNames {
  const root = `/power-forecasting/${environment}/sagemaker`;
  return {
    approved: `${root}/model-registry/approved`,
    lastDeployed: `${root}/deploy/last_deployed`,
    currentEndpoint: `${root}/deploy/current_endpoint`,
  };
}
