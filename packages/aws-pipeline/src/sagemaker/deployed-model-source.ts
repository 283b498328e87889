import { DescribeModelPackageCommand, ListModelPackagesCommand, type SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { S3Client } from '@aws-sdk/client-s3';
import { toModelPackage } from '../registry/sagemaker-registry.js';
import type { DeployedModelRef, DeployedModelSource } from '../steps/deployed-model-source.js';
import { contentHash } from '../store/artifact-store.js';
import { ArtifactIntegrityError, ArtifactStoreError } from '../store/errors.js';
import { S3ArtifactStore } from '../store/s3-store.js';

export interface SageMakerDeployedModelsOptions {
  sagemaker: SageMakerClient;
  s3: S3Client;
  /**
   * The package ARN the endpoint serves: SSM `last_deployed`, which the recordDeployment Lambda writes when
   * the endpoint is InService and decide reads to never roll back. undefined when nothing was deployed yet.
   */
  deployedPackageArn(): Promise<string | undefined>;
}

/** `arn:…:model-package/<group>/<version>`; SageMaker writes the group lower-case in ARNs. */
const PACKAGE_ARN = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\d{12}:model-package\/([A-Za-z0-9-]{1,63})\/(\d+)$/;

/**
 * The deployed model of a SageMaker model package group, by the rule the approval Lambdas deploy with:
 * the package SSM `last_deployed` names when it belongs to the group, else the newest Approved version
 * (approved but never deployed: what the first deployment will serve). The artifact is read from S3 and
 * refused (ArtifactIntegrityError) when it does not hash to the sha256 the package was registered with.
 */
export function sageMakerDeployedModels(options: SageMakerDeployedModelsOptions): DeployedModelSource {
  const { sagemaker, s3 } = options;
  const describe = async (arn: string): Promise<DeployedModelRef> => {
    const pkg = toModelPackage(await sagemaker.send(new DescribeModelPackageCommand({ ModelPackageName: arn })));
    return {
      group: pkg.group,
      version: pkg.version,
      artifactUri: pkg.artifactUri,
      ...(pkg.artifactSha256 === undefined ? {} : { artifactSha256: pkg.artifactSha256 }),
      trainingWindow: pkg.trainingWindow,
    };
  };
  return {
    async deployed(group) {
      const marker = PACKAGE_ARN.exec((await options.deployedPackageArn()) ?? '');
      // last_deployed is one per environment; a package of another group is not this group's champion.
      if (marker !== null && marker[1]!.toLowerCase() === group.toLowerCase()) return describe(marker[0]);
      const newest = await sagemaker.send(
        new ListModelPackagesCommand({
          ModelPackageGroupName: group,
          ModelPackageType: 'Versioned',
          ModelApprovalStatus: 'Approved',
          SortBy: 'CreationTime',
          SortOrder: 'Descending',
          MaxResults: 1,
        }),
      );
      const arn = newest.ModelPackageSummaryList?.[0]?.ModelPackageArn;
      return arn === undefined ? null : describe(arn);
    },
    async artifact(ref) {
      const location = /^s3:\/\/([^/]+)\/(.+)$/.exec(ref.artifactUri);
      if (location === null)
        throw new ArtifactStoreError(ref.artifactUri, 'read', 'expected the model data as s3://bucket/key');
      const body = await new S3ArtifactStore(s3, location[1]!, '').get(location[2]!);
      const actual = contentHash(body);
      if (ref.artifactSha256 !== undefined && actual !== ref.artifactSha256)
        throw new ArtifactIntegrityError(ref.artifactUri, ref.artifactSha256, actual);
      return body;
    },
  };
}
