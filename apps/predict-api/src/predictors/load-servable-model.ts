import { loadModel } from '@powercast/model';
import { driftReferenceFromSpec } from '../monitoring/spec-drift-reference.js';
import type { ServableModel } from './local-model.js';

/** Load a model artifact (directory or model.tar.gz) with @powercast/model, ready to serve. */
export async function loadServableModel(
  dirOrTarGz: string,
  identity: { version: number | string | null; source: string },
): Promise<ServableModel> {
  const { model, metadata } = await loadModel(dirOrTarGz);
  return {
    engine: model,
    info: {
      backend: 'local',
      version: identity.version,
      trainedWindow: { from: metadata.trainingWindow.from, to: metadata.trainingWindow.to },
      loadedAt: new Date().toISOString(),
      source: identity.source,
    },
    drift: driftReferenceFromSpec(model.spec, identity.version),
    forecastModel: model,
  };
}
