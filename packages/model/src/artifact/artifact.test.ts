import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticDailyTable } from '../__fixtures__/daily-table.js';
import { ForecastModel } from '../forecast/forecast-model.js';
import { regressionMetrics } from '../metrics/regression-metrics.js';
import { existsSync } from 'node:fs';
import { CJK_FONT_FILE, chartSpecs, renderCharts } from '@powercast/charts';
import { ModelArtifactError } from './errors.js';
import { loadModel } from './load-model.js';
import { writeModelArtifact, type WrittenArtifact } from './write-artifact.js';

const table = syntheticDailyTable({ from: '2021-01-01', days: 500, seed: 2 });
const model = ForecastModel.train(table, { hyperparameters: { nEstimators: 30, maxDepth: 4 } });
const records = [{ date: '2022-05-20', max_temp: 28, min_temp: 10.5, weather: '曇り' }];
const metrics = regressionMetrics([3000, 3100], [3050, 3080]);
let root: string;
let written: WrittenArtifact;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'powercast-model-'));
  written = await writeModelArtifact(join(root, 'artifact'), { model, metrics });
});
afterAll(async () => rm(root, { recursive: true, force: true }));

describe('model artifacts', () => {
  it('writes model.json, evaluation.json (reference shape), features.txt and model.tar.gz', async () => {
    expect(written.files.sort()).toEqual(['evaluation.json', 'features.txt', 'model.json']);
    const evaluation = JSON.parse(await readFile(join(written.dir, 'evaluation.json'), 'utf8'));
    expect(evaluation.regression_metrics.mse.value).toBeCloseTo(metrics.mse, 9);
    expect((await readFile(join(written.dir, 'features.txt'), 'utf8')).trim().split('\n')).toEqual(
      model.spec.featureNames,
    );
    expect((await stat(written.tarGzPath)).size).toBeGreaterThan(0);
  });

  it.each(['directory', 'tarball'] as const)(
    'loads from the %s with identical predictions and metadata',
    async (form) => {
      const loaded = await loadModel(form === 'directory' ? written.dir : written.tarGzPath);
      expect(loaded.model.predict(records)).toEqual(model.predict(records));
      expect(loaded.metadata.trainingWindow).toEqual(model.trainingWindow);
      expect(loaded.metadata.dataFingerprint).toBe(model.dataFingerprint);
      expect(loaded.metadata.libraries['ml-cart']).toBe('2.1.1');
      expect(loaded.metadata.evaluation?.regression_metrics.mse.value).toBeCloseTo(metrics.mse, 9);
    },
  );

  it.skipIf(!existsSync(CJK_FONT_FILE))('adds the charts (PNG and SVG) to the directory and the tarball', async () => {
    const predictions = ['2023-01-01', '2023-01-02', '2023-01-03'].map((date, i) => ({
      date,
      actual: 3000 + i * 10,
      predicted: 3020 + i * 5,
    }));
    const withCharts = await writeModelArtifact(join(root, 'charts'), {
      model,
      metrics,
      predictions,
      title: 'テスト',
      charts: renderCharts,
    });
    expect(withCharts.files).toEqual(
      expect.arrayContaining([
        'model_metrics.png',
        'model_metrics.svg',
        'feature_importance.png',
        'prediction_vs_actual_timeseries.png',
      ]),
    );
    expect((await loadModel(withCharts.tarGzPath)).model.predict(records)).toEqual(model.predict(records));
  });

  it("gives @powercast/charts this package's regressionMetrics output as the chart metrics", () => {
    const predictions = Array.from({ length: 28 }, (_, i) => ({
      date: `2023-02-${String(1 + i).padStart(2, '0')}`,
      actual: 3000 + 10 * i,
      predicted: 3000 + 10 * i + (i % 5) * 7 - 12,
    }));
    const chartMetrics = regressionMetrics(
      predictions.map((p) => p.actual),
      predictions.map((p) => p.predicted),
    );
    const specs = chartSpecs({ metrics: chartMetrics, importance: model.featureImportance(), predictions });
    expect(JSON.stringify(specs.model_metrics)).toContain(`"${chartMetrics.mape.toFixed(2)}%"`);
  });

  it('refuses an incompatible schema version, naming the file and the version', async () => {
    const dir = join(root, 'future');
    await writeModelArtifact(dir, { model });
    const doc = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    await writeFile(join(dir, 'model.json'), JSON.stringify({ ...doc, schemaVersion: 99 }));
    await expect(loadModel(dir)).rejects.toThrow(/model\.json: .*schemaVersion is 99/);
  });

  it('refuses a model whose feature spec this @powercast/features cannot read', async () => {
    const dir = join(root, 'old-spec');
    await writeModelArtifact(dir, { model });
    const doc = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    doc.spec.specVersion = 99;
    await writeFile(join(dir, 'model.json'), JSON.stringify(doc));
    await expect(loadModel(dir)).rejects.toThrow(/model\.json: invalid feature spec: specVersion/);
  });

  it('fails clearly on a corrupt tarball, broken JSON, a missing model.json or a damaged tree', async () => {
    const corrupt = join(root, 'corrupt.tar.gz');
    await writeFile(corrupt, 'not a tarball');
    await expect(loadModel(corrupt)).rejects.toThrow(ModelArtifactError);
    await expect(loadModel(corrupt)).rejects.toThrow(/corrupt\.tar\.gz: not a readable \.tar\.gz/);

    const dir = join(root, 'broken');
    await writeModelArtifact(dir, { model });
    const text = await readFile(join(dir, 'model.json'), 'utf8');
    await writeFile(join(dir, 'model.json'), text.slice(0, text.length / 2));
    await expect(loadModel(dir)).rejects.toThrow(/model\.json: is not valid JSON/);

    const doc = JSON.parse(text);
    doc.models.weatherCalendar.gbt.ensemble.trees[3].f.pop();
    await writeFile(join(dir, 'model.json'), JSON.stringify(doc));
    await expect(loadModel(dir)).rejects.toThrow(/models\.weatherCalendar\.gbt\.ensemble\.trees\[3\]/);

    await expect(loadModel(join(root, 'nowhere'))).rejects.toThrow(/no such model artifact/);
    await rm(join(dir, 'model.json'));
    await expect(loadModel(dir)).rejects.toThrow(/model\.json: missing/);
  });
});
