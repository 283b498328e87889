import { openArtifactStore, StoreModelRegistry, type OpenArtifactStoreOptions } from '@powercast/aws-pipeline';
import { readLedger } from '@powercast/ledger';
import { AlertLog, type LedgerSource } from '@powercast/monitoring';
import { MonitoringSources } from '../console/monitoring-sources.js';
import { StoreModelDocuments } from '../console/model-documents.js';
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

/**
 * The console's sources over the same store: its forecast ledger (unless another is given), its alert
 * log and the registry's evaluations and charts.
 */
export function storeMonitoringSources(
  storeUri: string,
  registryGroup: string,
  options: OpenArtifactStoreOptions = {},
  ledger?: LedgerSource,
): MonitoringSources {
  const store = openArtifactStore(storeUri, options);
  return new MonitoringSources({
    ledger: ledger ?? { rows: () => readLedger(store) },
    alerts: new AlertLog(store),
    documents: new StoreModelDocuments(store, new StoreModelRegistry(store, registryGroup), registryGroup),
  });
}
