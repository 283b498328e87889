import { SagemakerModelPackageGroup } from '@cdktf/provider-aws/lib/sagemaker-model-package-group/index.js';
import { Construct } from 'constructs';

import type { EnvironmentConfig } from '../config/environment-config.js';

export interface ModelRegistryProps {
  config: EnvironmentConfig;
}

/** The SageMaker model package group the pipeline registers into and the approval flow watches. */
export class ModelRegistry extends Construct {
  readonly packageGroup: SagemakerModelPackageGroup;

  constructor(scope: Construct, id: string, { config }: ModelRegistryProps) {
    super(scope, id);
    this.packageGroup = new SagemakerModelPackageGroup(this, 'package-group', {
      modelPackageGroupName: config.modelPackageGroupName,
      modelPackageGroupDescription: `Powercast daily peak demand models (${config.environment})`,
    });
  }
}
