import { describe, expect, it } from 'vitest';

import { ref, resourceWhere, synthesized } from '../../test/synthesized-stack.js';
import { environmentNames } from '../config/environment-config.js';

describe.each(environmentNames)('parameters and notifications (%s)', (environment) => {
  const { json, config } = synthesized(environment);
  const parameter = (name: string) =>
    resourceWhere(json, 'aws_ssm_parameter', (values) => values.name === `/power-forecasting/${environment}/${name}`);

  it('stores a generated approval secret as a SecureString that Terraform keeps managing', () => {
    const password = resourceWhere(json, 'random_password');
    expect(password.values).toMatchObject({ length: 64, special: false });
    const secret = parameter('approval/token-secret');
    expect(secret.values).toMatchObject({ type: 'SecureString', value: ref(password, 'result') });
    expect(secret.values.lifecycle).toBeUndefined();
  });

  it.each(['sagemaker/model-registry/approved', 'sagemaker/deploy/last_deployed', 'sagemaker/deploy/current_endpoint'])(
    'creates %s as a placeholder whose value belongs to the Lambdas',
    (name) => {
      expect(parameter(name).values).toMatchObject({
        type: 'String',
        value: 'none',
        lifecycle: { ignore_changes: ['value'] },
      });
    },
  );

  it('creates the SES identity of the approver and the alert topic of the environment', () => {
    expect(resourceWhere(json, 'aws_sesv2_email_identity').values).toMatchObject({
      email_identity: config.approverEmail,
    });
    expect(resourceWhere(json, 'aws_sns_topic').values).toMatchObject({
      name: `powercast-pipeline-alerts-${environment}`,
    });
  });
});
