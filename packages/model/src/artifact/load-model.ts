import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { EVALUATION_FILE, MODEL_FILE } from '@powercast/contracts';
import { z } from 'zod';
import { ForecastModel } from '../forecast/forecast-model.js';
import { parseModelDocument, type ModelDocument } from '../forecast/model-document.js';
import type { EvaluationReport } from '../metrics/regression-metrics.js';
import { ModelArtifactError } from './errors.js';
import { readTarGz } from './tarball.js';

export interface ModelMetadata {
  /** The artifact path loaded (directory or .tar.gz). */
  source: string;
  schemaVersion: number;
  trainingWindow: ModelDocument['training']['window'];
  dataFingerprint: string;
  target: ModelDocument['training']['target'];
  hyperparameters: ModelDocument['hyperparameters'];
  libraries: Record<string, string>;
  evaluation?: EvaluationReport;
}

export interface LoadedModel {
  model: ForecastModel;
  metadata: ModelMetadata;
}

const evaluationSchema = z.object({ regression_metrics: z.record(z.string(), z.object({ value: z.number() })) });

/** Loads a model artifact directory or its model.tar.gz; ModelArtifactError names the file and the problem. */
export async function loadModel(dirOrTarGz: string): Promise<LoadedModel> {
  const info = await stat(dirOrTarGz).catch((error: unknown) => {
    throw new ModelArtifactError(dirOrTarGz, 'no such model artifact (expected a directory or a model.tar.gz)', {
      cause: error,
    });
  });
  let modelBytes: Buffer | undefined;
  let evaluationBytes: Buffer | undefined;
  let modelPath: string;
  if (info.isDirectory()) {
    modelPath = join(dirOrTarGz, MODEL_FILE);
    modelBytes = await readFile(modelPath).catch(() => undefined);
    evaluationBytes = await readFile(join(dirOrTarGz, EVALUATION_FILE)).catch(() => undefined);
  } else {
    modelPath = `${dirOrTarGz}!${MODEL_FILE}`;
    const files = await readTarGz(dirOrTarGz);
    modelBytes = files.get(MODEL_FILE);
    evaluationBytes = files.get(EVALUATION_FILE);
  }
  if (!modelBytes) throw new ModelArtifactError(modelPath, 'missing; every model artifact has a model.json');

  let doc: unknown;
  try {
    doc = JSON.parse(modelBytes.toString('utf8'));
  } catch (error) {
    throw new ModelArtifactError(modelPath, `is not valid JSON (${(error as Error).message})`, { cause: error });
  }
  let parsed: ModelDocument;
  let model: ForecastModel;
  try {
    parsed = parseModelDocument(doc);
    model = ForecastModel.fromJSON(parsed);
  } catch (error) {
    throw new ModelArtifactError(modelPath, (error as Error).message, { cause: error });
  }

  let evaluation: EvaluationReport | undefined;
  if (evaluationBytes) {
    try {
      evaluation = evaluationSchema.parse(JSON.parse(evaluationBytes.toString('utf8'))) as EvaluationReport;
    } catch (error) {
      throw new ModelArtifactError(
        `${dirOrTarGz}/${EVALUATION_FILE}`,
        `is not a valid evaluation report (${(error as Error).message})`,
        { cause: error },
      );
    }
  }
  return {
    model,
    metadata: {
      source: dirOrTarGz,
      schemaVersion: parsed.schemaVersion,
      trainingWindow: parsed.training.window,
      dataFingerprint: parsed.training.dataFingerprint,
      target: parsed.training.target,
      hyperparameters: parsed.hyperparameters,
      libraries: parsed.libraries,
      ...(evaluation ? { evaluation } : {}),
    },
  };
}
