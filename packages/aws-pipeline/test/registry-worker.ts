// A separate OS process that decides or registers in a local store registry once stdin says "go",
// so tests can race real processes. Prints one JSON line: {"outcome": "won"|"conflict", ...}.
import { createInterface } from 'node:readline';
import { LocalArtifactStore } from '../src/store/local-store.js';
import { ModelPackageConflictError } from '../src/registry/model-registry.js';
import { StoreModelRegistry } from '../src/registry/store-registry.js';

const [storeDir = '', action = '', versionText = '1'] = process.argv.slice(2);
const registry = new StoreModelRegistry(new LocalArtifactStore(storeDir));

async function act(): Promise<unknown> {
  if (action === 'register') {
    const pkg = await registry.register({
      artifactUri: `${storeDir}/model.tar.gz`,
      metrics: { mse: 1 },
      trainingWindow: { from: '2022-04-01', to: '2023-09-30' },
      dataFingerprint: `pid-${process.pid}`,
    });
    return { outcome: 'won', version: pkg.version };
  }
  const status = action === 'approve' ? 'Approved' : 'Rejected';
  try {
    await registry.decide(Number(versionText), { status, by: `pid-${process.pid}` });
    return { outcome: 'won', status };
  } catch (error) {
    if (error instanceof ModelPackageConflictError) return { outcome: 'conflict', status, message: error.message };
    throw error;
  }
}

process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
lines.once('line', () => {
  lines.close();
  process.stdin.destroy();
  act().then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
});
