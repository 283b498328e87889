import { openArtifactStore, StoreModelRegistry, type OpenArtifactStoreOptions } from '@powercast/aws-pipeline';
import { loadServableModel } from './load-servable-model.js';
import { StoreDeploymentSource } from './store-deployments.js';

/** The deployment source over a local directory or `s3://bucket/prefix` artifact store. */
export function storeDeploymentSource(
  storeUri: string,
  registryGroup: string,
  options: OpenArtifactStoreOptions = {},
): StoreDeploymentSource {
  const store = openArtifactStore(storeUri, options);
  return new StoreDeploymentSource(
    store,
    new StoreModelRegistry(store, registryGroup),
    registryGroup,
    loadServableModel,
  );
}
