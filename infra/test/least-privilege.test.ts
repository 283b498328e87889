import { describe, expect, it } from 'vitest';

import { environmentNames } from '../src/config/environment-config.js';
import type { PolicyDocument, PolicyStatement } from '../src/iam/policy-document.js';
import { resourcesOfType, synthesized, type SynthesizedJson } from './synthesized-stack.js';

/**
 * Actions AWS authorises only on `"Resource": "*"` (no resource-level permissions), each with
 * the reason. Anything else on "*" fails the walk.
 */
const actionsRequiringWildcardResource: Record<string, string> = {
  'ecr:GetAuthorizationToken': 'the registry login token is account-wide; ECR has no resource for it',
  'cloudwatch:PutMetricData': 'CloudWatch metrics have no ARNs; limited by the cloudwatch:namespace condition instead',
  'sagemaker:ListEndpointConfigs': 'List* calls are not resource-scoped; deploy lists configs to delete its old ones',
  'sagemaker:ListModelPackages':
    'List* calls are not resource-scoped; the daily job lists its group for the deployed model',
};

/** Where policy documents live in the synthesised JSON. */
const policyFields: [type: string, field: string, kind: 'identity' | 'trust' | 'resource'][] = [
  ['aws_iam_role_policy', 'policy', 'identity'],
  ['aws_iam_policy', 'policy', 'identity'],
  ['aws_iam_role', 'assume_role_policy', 'trust'],
  ['aws_s3_bucket_policy', 'policy', 'resource'],
  ['aws_sns_topic_policy', 'policy', 'resource'],
  ['aws_sqs_queue_policy', 'policy', 'resource'],
  ['aws_kms_key', 'policy', 'resource'],
];

interface FoundStatement {
  where: string;
  kind: 'identity' | 'trust' | 'resource';
  statement: PolicyStatement;
}

function everyStatement(json: SynthesizedJson): FoundStatement[] {
  return policyFields.flatMap(([type, field, kind]) =>
    resourcesOfType(json, type)
      .filter((resource) => typeof resource.values[field] === 'string')
      .flatMap((resource) => {
        const document = JSON.parse(resource.values[field] as string) as PolicyDocument;
        return document.Statement.map((statement) => ({
          where: `${type}.${resource.id} ${statement.Sid}`,
          kind,
          statement,
        }));
      }),
  );
}

/** Why `resource` is too broad, or undefined when it names a specific thing (or a named prefix of things). */
function broadResource(resource: string): string | undefined {
  if (resource === '*') return 'the wildcard resource';
  if (!resource.includes('*')) return undefined;
  if (resource.indexOf('*') !== resource.length - 1) return 'a wildcard before the end';
  // `${aws_x.y.arn}/prefix/*` (objects under a prefix) or `${aws_x.y.arn}:*` (a log group's streams).
  if (/^\$\{[^}]+\}(\/[^*]+|:)\*$/.test(resource)) return undefined;
  const resourcePart = resource.split(':').slice(5).join(':');
  // `type/name-prefix*` or `type:/name-prefix*`: never a whole resource type.
  return /^[a-z-]+[/:][^*]+\*$/.test(resourcePart) ? undefined : 'a whole resource type';
}

function violations(found: FoundStatement): string[] {
  const { statement, kind, where } = found;
  const problems: string[] = [];
  if (statement.Effect === 'Deny') return problems; // a deny can only take rights away
  for (const action of statement.Action) {
    if (action.includes('*')) problems.push(`${where}: wildcard action ${action}`);
  }
  if (kind === 'trust') {
    if (
      statement.Action.join() !== 'sts:AssumeRole' ||
      typeof statement.Principal !== 'object' ||
      statement.Principal.Service === undefined
    ) {
      problems.push(`${where}: a trust policy may only let an AWS service assume the role`);
    }
    return problems;
  }
  if (kind === 'resource') {
    if (statement.Principal === '*' || typeof statement.Principal?.Service !== 'string')
      problems.push(`${where}: resource policy grants beyond one service principal`);
    if (statement.Condition?.ArnEquals?.['aws:SourceArn'] === undefined)
      problems.push(`${where}: service grant without an aws:SourceArn condition`);
  }
  for (const resource of statement.Resource ?? []) {
    const broad = broadResource(resource);
    if (broad === undefined) continue;
    const unexplained = statement.Action.filter((action) => actionsRequiringWildcardResource[action] === undefined);
    if (resource !== '*' || unexplained.length > 0)
      problems.push(
        `${where}: ${broad} (${resource}) for ${(resource === '*' ? unexplained : statement.Action).join(', ')}`,
      );
  }
  if (statement.Resource === undefined || statement.Resource.length === 0) problems.push(`${where}: no Resource`);
  if (statement.Action.includes('iam:PassRole')) {
    const passedTo = statement.Condition?.StringEquals?.['iam:PassedToService'];
    if (passedTo === undefined) problems.push(`${where}: iam:PassRole without an iam:PassedToService condition`);
    if (statement.Action.length > 1) problems.push(`${where}: iam:PassRole shares a statement with other actions`);
  }
  return problems;
}

describe.each(environmentNames)('least privilege (%s)', (environment) => {
  const { json } = synthesized(environment);
  const statements = everyStatement(json);

  it('finds the policy documents of every role and resource policy', () => {
    const roles = resourcesOfType(json, 'aws_iam_role');
    // The SageMaker execution role, the four approval Lambdas', the daily job's and its scheduler's.
    expect(roles).toHaveLength(7);
    expect(resourcesOfType(json, 'aws_iam_role_policy')).toHaveLength(roles.length);
    expect(statements.length).toBeGreaterThan(30);
  });

  it('allows no wildcard action, no unexplained "*" resource and no unconditioned iam:PassRole', () => {
    expect(statements.flatMap(violations)).toEqual([]);
  });

  it('uses "*" only for the listed AWS-required actions', () => {
    const wildcardActions = statements
      .filter(({ statement }) => statement.Effect === 'Allow' && statement.Resource?.includes('*'))
      .flatMap(({ statement }) => statement.Action);
    expect(wildcardActions.length).toBeGreaterThan(0);
    expect(wildcardActions.filter((action) => actionsRequiringWildcardResource[action] === undefined)).toEqual([]);
  });
});

describe('the walk itself', () => {
  const statement = (overrides: Partial<PolicyStatement>): FoundStatement => ({
    where: 'test',
    kind: 'identity',
    statement: {
      Sid: 'S',
      Effect: 'Allow',
      Action: ['s3:GetObject'],
      Resource: ['${aws_s3_bucket.b.arn}/data/*'],
      ...overrides,
    },
  });

  it('accepts a narrow statement', () => {
    expect(violations(statement({}))).toEqual([]);
  });

  it.each([
    ['"Action": "*"', { Action: ['*'] }],
    ['a service wildcard', { Action: ['s3:*'] }],
    ['"Resource": "*" for a resource-scoped action', { Resource: ['*'] }],
    ['a whole resource type', { Resource: ['arn:aws:sagemaker:ap-northeast-1:111122223333:endpoint/*'] }],
    ['a bare iam:PassRole', { Action: ['iam:PassRole'], Resource: ['${aws_iam_role.r.arn}'] }],
  ])('rejects %s', (_label, overrides) => {
    expect(violations(statement(overrides))).not.toEqual([]);
  });

  it('accepts "*" for an action AWS only authorises on "*"', () => {
    expect(violations(statement({ Action: ['ecr:GetAuthorizationToken'], Resource: ['*'] }))).toEqual([]);
  });

  it('rejects a resource policy open to any principal', () => {
    expect(
      violations({
        where: 'test',
        kind: 'resource',
        statement: {
          Sid: 'S',
          Effect: 'Allow',
          Principal: '*',
          Action: ['sns:Publish'],
          Resource: ['${aws_sns_topic.t.arn}'],
        },
      }),
    ).not.toEqual([]);
  });
});
