import { defineConfig, type ViteUserConfig } from 'vitest/config';
import { processIo, realDataDir } from './packages/contracts/src/cli/index.js';

/** The export condition that points workspace packages at their TypeScript sources. */
export const SOURCE_CONDITION = '@powercast/source';

/**
 * Shared Vitest settings for every project: resolve workspace packages to `src/` (no build
 * needed), hand the tests an absolute `POWERCAST_DATA_DIR`, and write a JSON report that
 * `.ci/run` turns into its `N passed, N failed` line.
 */
export function powercastVitestConfig(overrides: ViteUserConfig['test'] = {}): ViteUserConfig {
  // No "module" condition: it sends some dependencies (e.g. @aws-sdk/checksums) to builds Node cannot load.
  const conditions = [SOURCE_CONDITION, 'node', 'import', 'default'];
  // POWERCAST_DATA_DIR (relative to where the command was typed), else ../shared/data when it exists.
  const dataDir = realDataDir(processIo());
  if (dataDir === undefined) {
    // One line, loud enough to be seen in a wall of passing output.
    console.warn(
      '\n!!! [powercast] REAL-DATA TESTS SKIPPED: POWERCAST_DATA_DIR is unset and ../shared/data does not exist (see data/README.md) !!!\n',
    );
  }
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: [SOURCE_CONDITION] } },
    test: {
      environment: 'node',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      reporters: ['default', 'json'],
      outputFile: { json: 'test-results/vitest.json' },
      testTimeout: 60_000,
      hookTimeout: 60_000,
      env: { POWERCAST_DATA_DIR: dataDir ?? '' },
      ...overrides,
    },
  });
}
