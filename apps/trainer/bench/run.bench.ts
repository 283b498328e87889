// Whole local pipeline on the shared data: a cold run (no cache) and a second identical run (cache),
// per-step durations and the cached/cold ratio. Run: npx nx run trainer:bench (POWERCAST_DATA_DIR, else ../shared/data)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalArtifactStore, StoreModelRegistry, parseConfig, powercastPipeline } from '@powercast/aws-pipeline';
import { powercastJobs, registerInto, runPipeline } from '@powercast/aws-pipeline/local';
import type { RunRecord } from '@powercast/contracts';
import { processIo, realDataDir } from '@powercast/contracts/cli';

const dataDir = realDataDir(processIo());
if (!dataDir) {
  console.error('no data: set POWERCAST_DATA_DIR, or keep the shared copy in ../shared/data');
  process.exit(2);
}
const root = mkdtempSync(join(tmpdir(), 'powercast-bench-'));
const store = new LocalArtifactStore(root);
const pipeline = powercastPipeline(parseConfig({}), dataDir);
const implementations = { jobs: powercastJobs(), register: registerInto(new StoreModelRegistry(store)) };

async function timed(useCache: boolean): Promise<{ run: RunRecord; wallMs: number }> {
  const started = performance.now();
  const run = await runPipeline({ pipeline, implementations, store, useCache });
  return { run, wallMs: performance.now() - started };
}

const cold = await timed(false);
const cached = await timed(true);
console.log(`${'step'.padEnd(18)}${'cold s'.padStart(8)}${'cached s'.padStart(10)}`);
for (const [index, step] of cold.run.steps.entries()) {
  const second = cached.run.steps[index]!;
  const seconds = (ms: number | undefined): string => (ms === undefined ? '-' : (ms / 1000).toFixed(2));
  console.log(
    `${step.name.padEnd(18)}${seconds(step.durationMs).padStart(8)}${seconds(second.durationMs).padStart(10)}`,
  );
}
console.log(
  `whole run: cold ${(cold.wallMs / 1000).toFixed(2)} s, cached ${(cached.wallMs / 1000).toFixed(2)} s (ratio ${(cached.wallMs / cold.wallMs).toFixed(3)})`,
);
rmSync(root, { recursive: true, force: true });
