import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDailyDataset } from '@powercast/data-loaders';
import { ForecastModel, writeModelArtifact, type WrittenArtifact } from '@powercast/model';
import { table } from 'arquero';

/** Few, shallow trees: the tests need a real model quickly, not an accurate one. */
const quickHyperparameters = {
  nEstimators: 40,
  learningRate: 0.2,
  maxDepth: 3,
  minSamplesLeaf: 5,
  subsample: 1,
  colsampleByTree: 1,
  seed: 7,
};

/**
 * A small synthetic daily table (two years): peak demand rises with heat and cold, drops at
 * weekends. Enough structure for a real ForecastModel to learn; written here, not cut from data.
 */
export function syntheticDailyTable(days = 730): ReturnType<typeof table> {
  const weathers = ['晴', '曇', '雨', '晴後曇', '曇一時雨', '快晴'];
  const start = Date.UTC(2021, 0, 1);
  const columns = {
    date: [] as string[],
    max_temp: [] as number[],
    min_temp: [] as number[],
    weather_day: [] as string[],
    peak_hourly: [] as number[],
  };
  for (let i = 0; i < days; i += 1) {
    const when = new Date(start + i * 86_400_000);
    const season = Math.cos(((i % 365) / 365) * 2 * Math.PI);
    const maxTemp = Math.round((20 - 11 * season + 3 * Math.sin(i * 1.7)) * 10) / 10;
    const minTemp = Math.round((maxTemp - 7 - 2 * Math.cos(i * 0.9)) * 10) / 10;
    const weekend = when.getUTCDay() === 0 || when.getUTCDay() === 6;
    const mean = (maxTemp + minTemp) / 2;
    columns.date.push(when.toISOString().slice(0, 10));
    columns.max_temp.push(maxTemp);
    columns.min_temp.push(minTemp);
    columns.weather_day.push(weathers[i % weathers.length] as string);
    columns.peak_hourly.push(3200 + 9 * (mean - 17) ** 2 - (weekend ? 350 : 0) + 40 * Math.sin(i * 0.37));
  }
  return table(columns);
}

/** Train on the synthetic table and write a real model artifact (directory + model.tar.gz). */
export async function trainSyntheticArtifact(): Promise<{ model: ForecastModel; artifact: WrittenArtifact }> {
  const model = ForecastModel.train(syntheticDailyTable(), { hyperparameters: quickHyperparameters });
  const dir = await mkdtemp(join(tmpdir(), 'predict-api-model-'));
  return { model, artifact: await writeModelArtifact(dir, { model }) };
}

/**
 * Train on the shared real data (2022-04..2023-09), for the browser test and the benchmark.
 * `production` keeps @powercast/model's default hyperparameters (what the trainer ships), so the
 * benchmark measures inference at its real cost; otherwise a smaller, quicker model.
 */
export async function trainRealArtifact(
  dataDir: string,
  size: 'quick' | 'production' = 'quick',
): Promise<{ model: ForecastModel; artifact: WrittenArtifact }> {
  const { table: daily } = await loadDailyDataset({ source: dataDir });
  const train = daily
    .params({ until: '2023-10-01' })
    .filter((row: { date: string }, params: { until: string }) => row.date < params.until);
  const model = ForecastModel.train(
    train,
    size === 'production'
      ? {}
      : { hyperparameters: { ...quickHyperparameters, nEstimators: 150, learningRate: 0.1, maxDepth: 4 } },
  );
  const dir = await mkdtemp(join(tmpdir(), 'predict-api-model-'));
  return { model, artifact: await writeModelArtifact(dir, { model }) };
}
