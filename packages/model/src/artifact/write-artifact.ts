import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { EVALUATION_FILE, FEATURES_FILE, MODEL_FILE, MODEL_TARBALL } from '@powercast/contracts';
import type { ForecastModel } from '../forecast/forecast-model.js';
import type { FeatureImportance } from '../ensemble/importance.js';
import { evaluationReport, type RegressionMetrics } from '../metrics/regression-metrics.js';
import { writeTarGz } from './tarball.js';

/** What an artifact's charts are drawn from: the test-period evaluation of its model. */
export interface ArtifactChartInput {
  metrics: RegressionMetrics;
  importance: FeatureImportance[];
  predictions: { date: string; actual: number; predicted: number }[];
  title?: string;
}

/**
 * Draws the charts of an evaluation into `dir` and returns the files written per chart, e.g.
 * `renderCharts` of @powercast/charts. The model package does not render charts itself, so its
 * users never install vega or resvg.
 */
export type ArtifactChartRenderer = (
  input: ArtifactChartInput,
  dir: string,
) => Promise<Record<string, { png: string; svg: string }>>;

export interface ModelArtifactInput {
  model: ForecastModel;
  /** Test-period metrics → evaluation.json (reference shape). */
  metrics?: RegressionMetrics;
  /** Test-period forecasts; with metrics they feed the charts. */
  predictions?: { date: string; actual: number; predicted: number }[];
  /** Renders the charts (PNG + SVG) into the artifact when metrics and predictions are given; none without it. */
  charts?: ArtifactChartRenderer;
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
 * (ordered feature names, one per line, as the reference's), charts when given a renderer — and `model.tar.gz` of those
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
  if (artifact.metrics && artifact.predictions && artifact.charts) {
    const charts = await artifact.charts(
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
  const tarGzPath = join(dir, MODEL_TARBALL);
  await writeTarGz(tarGzPath, dir, files);
  return { dir, tarGzPath, files };
}
