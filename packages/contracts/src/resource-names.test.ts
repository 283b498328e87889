import { describe, expect, it } from 'vitest';
import { approvalHandlerNames } from './approval-handlers.js';
import {
  defaultBucketName,
  defaultEndpointName,
  deploymentNamePattern,
  deploymentNamePrefix,
  resourceNames,
} from './resource-names.js';

const naming = (environment: string): { environment: string; namePrefix: string; bucketName: string } => ({
  environment,
  namePrefix: 'powercast',
  bucketName: defaultBucketName(environment),
});

describe('resourceNames', () => {
  it('scopes every name with the prefix and the environment', () => {
    const dev = resourceNames(naming('dev'));
    expect(dev.bucket).toBe('power-forecasting-mlops-dev');
    expect(dev.kmsAlias).toBe('alias/powercast-data-dev');
    expect(dev.functions.notifyApprover).toBe('powercast-notify-approver-dev');
    expect(dev.functionRoles.recordDeployment).toBe('powercast-record-deployment-lambda-dev');
    expect(dev.apiAccessLogGroup).toBe('/aws/apigateway/powercast-approval-api-dev');
    expect(dev.parameters.lastDeployed).toBe('/power-forecasting/dev/sagemaker/deploy/last_deployed');
  });

  it('shares no name between dev and prod', () => {
    const flat = (environment: string): string[] => {
      const names = resourceNames(naming(environment));
      const { functions, functionRoles, rules, parameters, ...single } = names;
      return [
        ...Object.values(single),
        ...Object.values(functions),
        ...Object.values(functionRoles),
        ...Object.values(rules),
        parameters.approvalSecret,
        parameters.approved,
        parameters.lastDeployed,
        parameters.currentEndpoint,
        parameters.notifiedMarkerPrefix,
      ];
    };
    const dev = new Set(flat('dev'));
    expect(flat('prod').filter((name) => dev.has(name))).toEqual([]);
  });

  it('names a function and a role for every approval handler', () => {
    const names = resourceNames(naming('prod'));
    expect(Object.keys(names.functions)).toEqual([...approvalHandlerNames]);
    expect(new Set(Object.values(names.functionRoles)).size).toBe(approvalHandlerNames.length);
  });
});

describe('deployment names', () => {
  it('fall under the IAM pattern of their endpoint only', () => {
    const endpoint = defaultEndpointName('dev');
    expect(endpoint).toBe('power-forecast-serverless-dev');
    const configName = `${deploymentNamePrefix(endpoint, 7)}20261120013000`;
    expect(configName).toBe('power-forecast-serverless-dev-v7-20261120013000');
    const matches = (pattern: string, name: string): boolean =>
      new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(name);
    expect(matches(deploymentNamePattern(endpoint), configName)).toBe(true);
    expect(matches(deploymentNamePattern(defaultEndpointName('prod')), configName)).toBe(false);
  });
});
