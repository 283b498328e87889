import { describe, expect, it } from 'vitest';

import { InvalidEnvironmentConfigError, environmentNames, resolveEnvironmentConfig } from './environment-config.js';
import { resourceNames } from './resource-names.js';

function issuesOf(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidEnvironmentConfigError) return [...error.issues];
    throw error;
  }
  throw new Error('expected InvalidEnvironmentConfigError');
}

describe('resolveEnvironmentConfig', () => {
  it.each(environmentNames)('gives %s a valid config whose names carry the environment', (environment) => {
    const config = resolveEnvironmentConfig(environment);
    expect(config.environment).toBe(environment);
    expect(config.endpoint.name).toBe(`power-forecast-serverless-${environment}`);
    expect(config.storage.bucketName.endsWith(`-${environment}`)).toBe(true);
    expect(config.endpoint).toMatchObject({ memorySizeMb: 2048, maxConcurrency: 1 });
  });

  it('keeps prod data longer than dev and encrypts it with KMS', () => {
    const dev = resolveEnvironmentConfig('dev');
    const prod = resolveEnvironmentConfig('prod');
    expect(prod.storage.encryption).toBe('aws:kms');
    expect(dev.storage.encryption).toBe('AES256');
    expect(prod.storage.intermediateExpirationDays).toBeGreaterThan(dev.storage.intermediateExpirationDays);
    expect(prod.storage.noncurrentVersionExpirationDays).toBeGreaterThan(dev.storage.noncurrentVersionExpirationDays);
  });

  it('merges nested overrides into the defaults instead of replacing the object', () => {
    const config = resolveEnvironmentConfig('dev', {
      storage: { intermediateExpirationDays: 3 },
      approverEmail: 'ops@powercast.test',
    });
    expect(config.storage.intermediateExpirationDays).toBe(3);
    expect(config.storage.bucketName).toBe('power-forecasting-mlops-dev');
    expect(config.approverEmail).toBe('ops@powercast.test');
  });

  it('refuses an unknown environment, naming the accepted ones', () => {
    expect(issuesOf(() => resolveEnvironmentConfig('staging'))).toEqual([
      { path: 'environment', message: 'expected one of dev, prod, got "staging"' },
    ]);
  });

  it('refuses a prod name that lacks the prod suffix, naming the field and the value', () => {
    const issues = issuesOf(() =>
      resolveEnvironmentConfig('prod', { endpoint: { name: 'power-forecast-serverless-dev' } }),
    );
    expect(issues).toEqual([
      { path: 'endpoint.name', message: 'expected a name ending in "-prod", got "power-forecast-serverless-dev"' },
    ]);
  });

  it('refuses state of another environment', () => {
    const issues = issuesOf(() =>
      resolveEnvironmentConfig('dev', {
        remoteState: { key: 'powercast/prod/terraform.tfstate', bucket: 'powercast-terraform-state-prod' },
      }),
    );
    expect(issues.map((issue) => issue.path).sort()).toEqual(['remoteState.bucket', 'remoteState.key']);
  });

  it('refuses an endpoint name too long for the deployment names derived from it', () => {
    const issues = issuesOf(() => resolveEnvironmentConfig('dev', { endpoint: { name: `${'x'.repeat(40)}-dev` } }));
    expect(issues.map((issue) => issue.path)).toEqual(['endpoint.name']);
  });

  it('reports every invalid field at once', () => {
    const issues = issuesOf(() =>
      resolveEnvironmentConfig('dev', {
        approverEmail: 'not-an-email',
        region: 'tokyo',
        endpoint: { memorySizeMb: 1500 as 1024 },
        lambda: { logRetentionDays: 10 as 7 },
      }),
    );
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      'approverEmail',
      'endpoint.memorySizeMb',
      'lambda.logRetentionDays',
      'region',
    ]);
    expect(issues.find((issue) => issue.path === 'region')?.message).toContain('ap-northeast-1');
  });

  it('refuses overlapping prefixes, which would let the intermediates rule expire models', () => {
    const issues = issuesOf(() =>
      resolveEnvironmentConfig('dev', {
        storage: { prefixes: { data: 'data/', pipeline: 'models/tmp/', models: 'models/' } },
      }),
    );
    expect(issues).toEqual([
      { path: 'storage.prefixes', message: 'expected disjoint prefixes, got data/, models/tmp/, models/' },
    ]);
  });

  it('refuses unknown keys', () => {
    const issues = issuesOf(() => resolveEnvironmentConfig('dev', { storage: { lifecycleDays: 3 } as never }));
    expect(issues[0]?.path).toBe('storage');
    expect(issues[0]?.message).toContain('lifecycleDays');
  });
});

describe('resourceNames', () => {
  it('derives distinct physical names per environment', () => {
    const dev = resourceNames(resolveEnvironmentConfig('dev'));
    const prod = resourceNames(resolveEnvironmentConfig('prod'));
    expect(dev.functions.recordDeployment).toBe('powercast-record-deployment-dev');
    expect(prod.functionRoles.notifyApprover).toBe('powercast-notify-approver-lambda-prod');
    expect(dev.parameters.lastDeployed).toBe('/power-forecasting/dev/sagemaker/deploy/last_deployed');
    const flatten = (names: object): string[] =>
      Object.values(names).flatMap((value) => (typeof value === 'string' ? [value] : flatten(value as object)));
    const devNames = new Set(flatten(dev));
    expect(flatten(prod).filter((name) => devNames.has(name))).toEqual([]);
  });
});
