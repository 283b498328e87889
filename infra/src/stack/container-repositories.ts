import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy/index.js';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository/index.js';
import { Construct } from 'constructs';

import type { ResourceNames } from '@powercast/contracts';

/** Untagged layers and old images cost storage; ten tagged images are plenty to roll back to. */
const keptImages = 10;

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
            description: 'expire untagged images after 7 days',
            selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 },
            action: { type: 'expire' },
          },
          {
            rulePriority: 2,
            description: `keep the ${keptImages} most recent images`,
            selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: keptImages },
            action: { type: 'expire' },
          },
        ],
      }),
    });
    return repository;
  }
}
