import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function/index.js';
import { AssetType, Fn, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';

import type { EnvironmentConfig } from '../config/environment-config.js';
import type { ApprovalHandlerName, ResourceNames } from '@powercast/contracts';
import { assumeRolePolicy, policyDocument, policyJson } from '../iam/policy-document.js';
import type { ApprovalFunctionSpec } from './approval-function-specs.js';

/** The bundles are ESM built by apps/approval (`index.mjs` exporting `handler`). */
export const approvalHandlerEntry = 'index.handler';
export const approvalRuntime = 'nodejs20.x';

export interface ApprovalFunctionProps {
  config: EnvironmentConfig;
  names: ResourceNames;
  name: ApprovalHandlerName;
  bundlePath: string;
  spec: ApprovalFunctionSpec;
}

/**
 * One approval Lambda with its own role (its log group plus exactly the statements of its
 * spec), its log group with retention, and its bundle as a Terraform asset.
 */
export class ApprovalFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, { config, names, name, bundlePath, spec }: ApprovalFunctionProps) {
    super(scope, id);
    const functionName = names.functions[name];

    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/aws/lambda/${functionName}`,
      retentionInDays: config.lambda.logRetentionDays,
    });
    this.role = new IamRole(this, 'role', {
      name: names.functionRoles[name],
      description: `Powercast ${name} Lambda`,
      assumeRolePolicy: policyJson(assumeRolePolicy('lambda.amazonaws.com')),
    });
    new IamRolePolicy(this, 'policy', {
      name: functionName,
      role: this.role.id,
      policy: policyJson(
        policyDocument([
          {
            // The log group exists (created above), so no logs:CreateLogGroup.
            Sid: 'WriteOwnLogs',
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: [`${this.logGroup.arn}:*`],
          },
          ...spec.statements,
        ]),
      ),
    });

    const bundle = new TerraformAsset(this, 'bundle', { path: bundlePath, type: AssetType.FILE });
    this.function = new LambdaFunction(this, 'function', {
      functionName,
      description: spec.description,
      role: this.role.arn,
      runtime: approvalRuntime,
      handler: approvalHandlerEntry,
      architectures: ['arm64'],
      filename: bundle.path,
      sourceCodeHash: Fn.filebase64sha256(bundle.path),
      memorySize: config.lambda.memorySizeMb,
      timeout: config.lambda.timeoutSeconds,
      reservedConcurrentExecutions:
        name === 'deploy' ? (config.lambda.deployReservedConcurrency ?? undefined) : undefined,
      environment: { variables: spec.environment },
      loggingConfig: { logFormat: 'JSON', logGroup: this.logGroup.name },
      dependsOn: [this.logGroup],
    });
  }
}
