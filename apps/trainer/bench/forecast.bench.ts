// trainer forecast as a user runs it: a new Node process per forecast (start-up included), a model
// trained once in a temp store and approved (the cached deployed model), three runs, the wall time
// of each. Run: npx nx run trainer:bench (POWERCAST_DATA_DIR, else ../shared/data)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processIo, realDataDir } from '@powercast/contracts/cli';

const dataDir = realDataDir(processIo());
if (!dataDir) {
  console.error('no data: set POWERCAST_DATA_DIR, or keep the shared copy in ../shared/data');
  process.exit(2);
}
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const store = mkdtempSync(join(tmpdir(), 'powercast-forecast-bench-'));
const trainer = (...args: string[]): string =>
  execFileSync(process.execPath, ['--conditions=@powercast/source', '--import', 'tsx', main, ...args], {
    encoding: 'utf8',
    env: { ...process.env, POWERCAST_DATA_DIR: dataDir },
  });
try {
  trainer('run', '--store', store);
  trainer('models', 'approve', '1', '--store', store, '--reason', 'bench');
  const walls: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    trainer('forecast', '--as-of', '2023-08-01T18:00+09:00', '--store', store, '--out', join(store, `f${i}.json`));
    walls.push((performance.now() - started) / 1000);
  }
  console.log(
    `trainer forecast wall (new process, sources via tsx): ${walls.map((s) => `${s.toFixed(2)} s`).join(', ')}`,
  );
} finally {
  rmSync(store, { recursive: true, force: true });
}
