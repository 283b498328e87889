/**
 * ARNs of things that are addressed by name before (or without) a Terraform resource exposing
 * them, e.g. model packages created later by the pipeline, or endpoints created by `deploy`.
 * `partition` and `accountId` are Terraform tokens (data sources), so nothing is account-bound
 * at synthesis.
 */
export interface AwsScope {
  partition: string;
  region: string;
  accountId: string;
}

export class Arns {
  constructor(private readonly scope: AwsScope) {}

  /** The account (a Terraform token), for `aws:SourceAccount` conditions. */
  get accountId(): string {
    return this.scope.accountId;
  }

  private regional(service: string, resource: string): string {
    const { partition, region, accountId } = this.scope;
    return `arn:${partition}:${service}:${region}:${accountId}:${resource}`;
  }

  /** SageMaker lower-cases names in its ARNs (endpoint `MyEndpoint` is `endpoint/myendpoint`). */
  sagemaker(resource: string): string {
    return this.regional('sagemaker', resource.toLowerCase());
  }

  /** Packages are addressed as `model-package/<group>/<version>`. */
  modelPackagesInGroup(groupName: string): string {
    return this.sagemaker(`model-package/${groupName}/*`);
  }

  logGroup(name: string): string {
    return this.regional('logs', `log-group:${name}`);
  }

  ssmParameter(name: string): string {
    // The parameter ARN has no slash between "parameter" and a path that starts with "/".
    return this.regional('ssm', `parameter${name}`);
  }

  lambdaFunction(name: string): string {
    return this.regional('lambda', `function:${name}`);
  }

  ses(resource: string): string {
    return this.regional('ses', resource);
  }

  s3Objects(bucketArn: string, prefix: string): string {
    return `${bucketArn}/${prefix}*`;
  }
}
