import { describe, expect, it } from 'vitest';
import { parameterNames } from './parameter-names.js';

describe('parameterNames', () => {
  it.each(['dev', 'prod'])('puts every %s parameter under /power-forecasting/<env>/', (environment) => {
    const names = parameterNames(environment);
    expect(names).toMatchObject({
      approvalSecret: `/power-forecasting/${environment}/approval/token-secret`,
      approved: `/power-forecasting/${environment}/sagemaker/model-registry/approved`,
      lastDeployed: `/power-forecasting/${environment}/sagemaker/deploy/last_deployed`,
      currentEndpoint: `/power-forecasting/${environment}/sagemaker/deploy/current_endpoint`,
    });
  });

  it('keeps dev and prod apart', () => {
    const dev = parameterNames('dev');
    const prod = parameterNames('prod');
    for (const key of ['approvalSecret', 'approved', 'lastDeployed', 'currentEndpoint'] as const)
      expect(dev[key]).not.toBe(prod[key]);
  });

  it('writes one notified marker per group and version, under the prefix infra grants', () => {
    const names = parameterNames('dev');
    const marker = names.notified('PowerForecastPackageGroup', 7);
    expect(marker).toBe('/power-forecasting/dev/approval/notified/PowerForecastPackageGroup/7');
    expect(marker.startsWith(names.notifiedMarkerPrefix)).toBe(true);
    expect(names.notified('PowerForecastPackageGroup', 8)).not.toBe(marker);
  });

  it('writes one decided marker per group and version, apart from the notified ones', () => {
    const names = parameterNames('prod');
    const marker = names.decided('PowerForecastPackageGroup-prod', 7);
    expect(marker).toBe('/power-forecasting/prod/approval/decided/PowerForecastPackageGroup-prod/7');
    expect(marker.startsWith(names.decidedMarkerPrefix)).toBe(true);
    expect(marker.startsWith(names.notifiedMarkerPrefix)).toBe(false);
  });
});
