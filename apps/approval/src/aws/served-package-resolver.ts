import { DescribeEndpointConfigCommand, DescribeModelCommand, type SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { ServedPackageResolver } from '../deployment/record-deployment.js';

/** Endpoint config → its model (first variant) → the model package the model was created from. */
export class SageMakerServedPackageResolver implements ServedPackageResolver {
  constructor(private readonly client: SageMakerClient) {}

  async packageForEndpointConfig(endpointConfigName: string): Promise<string | undefined> {
    const config = await this.client.send(
      new DescribeEndpointConfigCommand({ EndpointConfigName: endpointConfigName }),
    );
    const modelName = config.ProductionVariants?.[0]?.ModelName;
    if (!modelName) return undefined;
    const model = await this.client.send(new DescribeModelCommand({ ModelName: modelName }));
    return model.PrimaryContainer?.ModelPackageName ?? model.Containers?.[0]?.ModelPackageName;
  }
}
