import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy/index.js';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository/index.js';
import { Construct } from 'constructs';

import type { ResourceNames } from '@powercast/contracts';

/**
 * Untagged images (a failed or digest-only push) expire after a week. Tagged images are never expired: a
 * registered model package and the pipeline name their image by digest, and ECR deletes by rule, not by
 * reference — a "keep the newest N" rule would expire the image an older Approved package (a rollback
 * target) still names, and SageMaker could no longer create a model from it. Tags are immutable, so an
 * image never becomes untagged by a later push.
 */
const untaggedImageDays = 7;

export interface ContainerRepositoriesProps {
  names: ResourceNames;
}

/** ECR repositories for the trainer (pipeline steps) and predict-api (serving) images. */
export class ContainerRepositories extends Construct {
  readonly trainer: EcrRepository;
  readonly predictApi: EcrRepository;

  constructor(scope: Construct, id: string, { names }: ContainerRepositoriesProps) {
    super(scope, id);
    this.trainer = this.repository('trainer', names.trainerRepository);
    this.predictApi = this.repository('predict-api', names.predictApiRepository);
  }

  get all(): EcrRepository[] {
    return [this.trainer, this.predictApi];
  }

  private repository(id: string, name: string): EcrRepository {
    const repository = new EcrRepository(this, id, {
      name,
      // A pushed tag never moves: what a registered package or pipeline run names stays what it ran.
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'AES256' }],
    });
    new EcrLifecyclePolicy(this, `${id}-lifecycle`, {
      repository: repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: `expire untagged images after ${untaggedImageDays} days; tagged images (the ones packages pin) are kept`,
            selection: {
              tagStatus: 'untagged',
              countType: 'sinceImagePushed',
              countUnit: 'days',
              countNumber: untaggedImageDays,
            },
            action: { type: 'expire' },
          },
        ],
      }),
    });
    return repository;
  }
}
