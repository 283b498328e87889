import { defineConfig, type ViteUserConfig } from 'vitest/config';

/** The export condition that points workspace packages at their TypeScript sources. */
export const SOURCE_CONDITION = '@powercast/source';

/**
 * Shared Vitest settings for every project: resolve workspace packages to `src/` (no build
 * needed), and write a JSON report that `.ci/run` turns into its `N passed, N failed` line.
 */
export function powercastVitestConfig(overrides: ViteUserConfig['test'] = {}): ViteUserConfig {
  // No "module" condition: it sends some dependencies (e.g. @aws-sdk/checksums) to builds Node cannot load.
  const conditions = [SOURCE_CONDITION, 'node', 'import', 'default'];
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
      ...overrides,
    },
  });
}
