import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ForecastModel } from '../forecast/forecast-model.js';
import { evaluationReport, type RegressionMetrics } from '../metrics/regression-metrics.js';
import { renderCharts } from '../charts/index.js';
import { writeTarGz } from './tarball.js';

export const MODEL_FILE = 'model.json';
export const EVALUATION_FILE = 'evaluation.json';
export const FEATURES_FILE = 'features.txt';
export const TARBALL_FILE = 'model.tar.gz';

export interface ModelArtifactInput {
  model: ForecastModel;
  /** Test-period metrics → evaluation.json (reference shape). */
  metrics?: RegressionMetrics;
  /** Test-period forecasts; with metrics they feed the charts. */
  predictions?: { date: string; actual: number; predicted: number }[];
  /** Render the charts (PNG + SVG) when metrics and predictions are given; default true. */
  charts?: boolean;
  title?: string;
}

export interface WrittenArtifact {
  dir: string;
  tarGzPath: string;
  /** Files in the directory (and in the tarball), relative names. */
  files: string[];
}

/**
 * Writes a model artifact directory — model.json (compact), evaluation.json, features.txt
 * (ordered feature names, one per line, as the reference's), charts — and `model.tar.gz` of those
 * files inside the same directory (the form SageMaker expects).
 */
export async function writeModelArtifact(dir: string, artifact: ModelArtifactInput): Promise<WrittenArtifact> {
  await mkdir(dir, { recursive: true });
  const { model } = artifact;
  const files = [MODEL_FILE, FEATURES_FILE];
  await writeFile(join(dir, MODEL_FILE), JSON.stringify(model.toJSON()));
  await writeFile(join(dir, FEATURES_FILE), `${model.spec.featureNames.join('\n')}\n`);
  if (artifact.metrics) {
    await writeFile(join(dir, EVALUATION_FILE), `${JSON.stringify(evaluationReport(artifact.metrics), null, 2)}\n`);
    files.push(EVALUATION_FILE);
  }
  if (artifact.metrics && artifact.predictions && artifact.charts !== false) {
    const charts = await renderCharts(
      {
        metrics: artifact.metrics,
        importance: model.featureImportance(),
        predictions: artifact.predictions,
        ...(artifact.title ? { title: artifact.title } : {}),
      },
      dir,
    );
    for (const chart of Object.values(charts)) files.push(basename(chart.png), basename(chart.svg));
  }
  const tarGzPath = join(dir, TARBALL_FILE);
  await writeTarGz(tarGzPath, dir, files);
  return { dir, tarGzPath, files };
}
