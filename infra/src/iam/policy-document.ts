/**
 * IAM policy documents as typed data. Stacks build them from these types and serialise them
 * with `policyJson`, so the least-privilege test can read every document back from the
 * synthesised JSON and check it statement by statement.
 */

export type ConditionOperator = 'StringEquals' | 'StringLike' | 'ArnEquals' | 'ArnLike' | 'Bool';
export type PolicyCondition = Partial<Record<ConditionOperator, Record<string, string | string[]>>>;

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Action: string[];
  Resource?: string[];
  Principal?: '*' | { Service?: string | string[]; AWS?: string | string[] };
  Condition?: PolicyCondition;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export function policyDocument(statements: PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/** Serialised document; Terraform tokens inside ARNs are resolved by cdktf at synthesis. */
export function policyJson(document: PolicyDocument): string {
  return JSON.stringify(document);
}

/** A trust policy letting one AWS service assume the role. */
export function assumeRolePolicy(service: string): PolicyDocument {
  return policyDocument([
    { Sid: 'AssumeRole', Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: { Service: service } },
  ]);
}

/** `iam:PassRole` that can only hand `roleArn` to `service`: never a bare PassRole. */
export function passRoleStatement(sid: string, roleArn: string, service: string): PolicyStatement {
  return {
    Sid: sid,
    Effect: 'Allow',
    Action: ['iam:PassRole'],
    Resource: [roleArn],
    Condition: { StringEquals: { 'iam:PassedToService': service } },
  };
}
