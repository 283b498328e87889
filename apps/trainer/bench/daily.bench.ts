// The daily job against issue #16's targets, as a user (or the schedule) runs it: a new Node process
// each time, start-up included. First `trainer daily --backfill 2023-01-01..2023-12-31 --skip-approval`
// into an empty store (365 issues, 12 monthly trainings; target ≤ 90 s), then one daily run per
// issue of 2023-12-29..31 on that warm store (a year of ledger, the deployed model approved in its
// registry; target ≤ 5 s each). Run: npx nx run trainer:bench (POWERCAST_DATA_DIR, else ../shared/data)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StoreModelRegistry, openArtifactStore } from '@powercast/aws-pipeline';
import { processIo, realDataDir } from '@powercast/contracts/cli';

const BACKFILL_TARGET_S = 90;
const DAILY_TARGET_S = 5;

const dataDir = realDataDir(processIo());
if (!dataDir) {
  console.error('no data: set POWERCAST_DATA_DIR, or keep the shared copy in ../shared/data');
  process.exit(2);
}
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const store = mkdtempSync(join(tmpdir(), 'powercast-daily-bench-'));
const trainer = (...args: string[]): { seconds: number; out: string } => {
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--conditions=@powercast/source', '--import', 'tsx', main, ...args], {
    encoding: 'utf8',
    env: { ...process.env, POWERCAST_DATA_DIR: dataDir, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  if (run.status !== 0) throw new Error(`trainer ${args.join(' ')}: ${run.stderr || run.stdout}`);
  return { seconds: (performance.now() - started) / 1000, out: run.stdout };
};
const verdict = (seconds: number, target: number): string => (seconds <= target ? 'MET' : 'MISSED');

try {
  const backfill = trainer('daily', '--store', store, '--backfill', '2023-01-01..2023-12-31', '--skip-approval');
  const summary = backfill.out.split('\n').find((line) => line.startsWith('backfill '));

  // The deployed model: trained on the days through 2023-11-30 as the pipeline trains, approved in the store.
  const [{ loadAsOfInputs }, { ForecastModel, asServedTrainingMatrix }] = await Promise.all([
    import('@powercast/data-loaders'),
    import('@powercast/model'),
  ]);
  const inputs = await loadAsOfInputs({ source: dataDir });
  const train = inputs.daily.filter(`d => d.date <= '2023-11-30'`);
  const model = ForecastModel.train(train, { trainingMatrix: asServedTrainingMatrix(train, inputs) });
  const modelDir = join(store, 'bench-model');
  mkdirSync(modelDir);
  writeFileSync(join(modelDir, 'model.json'), JSON.stringify(model.toJSON()));
  const registry = new StoreModelRegistry(openArtifactStore(store));
  await registry.register({
    artifactUri: modelDir,
    metrics: {},
    trainingWindow: { from: model.trainingWindow.from, to: model.trainingWindow.to },
    dataFingerprint: 'bench',
  });
  await registry.decide(1, { status: 'Approved', by: 'bench' });
  const walls = ['2023-12-29', '2023-12-30', '2023-12-31'].map(
    (day) => trainer('daily', '--store', store, '--as-of', `${day}T18:00+09:00`).seconds,
  );
  const again = trainer('daily', '--store', store, '--as-of', '2023-12-31T18:00+09:00').seconds;

  console.log(
    `\ntrainer daily (new process each, start-up included; ${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)})`,
  );
  console.log(`  ${summary ?? 'backfill: no summary line'}`);
  console.log(
    `  backfill 2023 wall: ${backfill.seconds.toFixed(1)} s — target ≤ ${BACKFILL_TARGET_S} s ${verdict(backfill.seconds, BACKFILL_TARGET_S)}`,
  );
  console.log(
    `  one daily run on the warm store (7 forecasts + scores): ${walls.map((s) => `${s.toFixed(2)} s`).join(', ')} — ` +
      `target ≤ ${DAILY_TARGET_S} s ${verdict(Math.max(...walls), DAILY_TARGET_S)}`,
  );
  console.log(`  the same issue again (nothing to write): ${again.toFixed(2)} s`);
} finally {
  rmSync(store, { recursive: true, force: true });
}
