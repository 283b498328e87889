import { describe, expect, it } from 'vitest';
import { readLambdaSettings, SettingsError } from './lambda-settings.js';

describe('Lambda settings', () => {
  it('default to the reference names for the environment', () => {
    const settings = readLambdaSettings({ POWERCAST_ENV: 'prod' });
    expect(settings).toMatchObject({
      group: 'PowerForecastPackageGroup',
      endpointName: 'power-forecast-serverless-prod',
      secretParameter: '/power-forecasting/prod/approval/token-secret',
      memorySizeMb: 2048,
      maxConcurrency: 1,
      tokenTtlSeconds: 72 * 3600,
      names: {
        approved: '/power-forecasting/prod/sagemaker/model-registry/approved',
        lastDeployed: '/power-forecasting/prod/sagemaker/deploy/last_deployed',
        currentEndpoint: '/power-forecasting/prod/sagemaker/deploy/current_endpoint',
      },
    });
  });

  it('split and validate the approver list', () => {
    expect(readLambdaSettings({ APPROVER_EMAILS: 'a@example.com, b@example.com,' }).approverEmails).toEqual([
      'a@example.com',
      'b@example.com',
    ]);
    expect(() => readLambdaSettings({ APPROVER_EMAILS: 'a@example.com, nobody' })).toThrow(/APPROVER_EMAILS/);
  });

  it.each([
    ['SERVERLESS_MEMORY_SIZE_MB', '2000'],
    ['SERVERLESS_MAX_CONCURRENCY', '0'],
    ['POWERCAST_ENV', 'staging'],
    ['APPROVAL_URL', 'not a url'],
  ])('name the variable when %s=%s is invalid', (variable, value) => {
    expect(() => readLambdaSettings({ [variable]: value })).toThrow(SettingsError);
    expect(() => readLambdaSettings({ [variable]: value })).toThrow(new RegExp(variable));
  });
});
