import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/**
 * Which projects may import which, by tag. `type:test` projects (tools/test-s3, tools/test-pack)
 * are test support: only tests may import them, never the code a library, app or infra ships.
 */
function moduleBoundaries({ testsMayUseTestSupport }) {
  const allowed = testsMayUseTestSupport ? ['type:lib', 'type:test'] : ['type:lib'];
  return [
    'error',
    {
      enforceBuildableLibDependency: false,
      allow: [],
      // Light entries that may be imported statically where their package is loaded lazily (they load no
      // trees, features or schemas; packages/model/src/index.test.ts checks what the metrics entry loads).
      checkDynamicDependenciesExceptions: ['@powercast/model/metrics'],
      depConstraints: [
        { sourceTag: 'type:lib', onlyDependOnLibsWithTags: allowed },
        { sourceTag: 'type:app', onlyDependOnLibsWithTags: allowed },
        { sourceTag: 'type:infra', onlyDependOnLibsWithTags: allowed },
        { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['type:lib', 'type:test'] },
      ],
    },
  ];
}

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/test-results/**',
      '**/cdktf.out/**',
      '**/.powercast/**',
      '**/.nx/**',
      '**/*.d.ts.map',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts', '**/*.js', '**/*.mjs'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': moduleBoundaries({ testsMayUseTestSupport: false }),
    },
  },
  {
    // Tests, the helpers in test/ folders and fixtures may use the test servers and pack helpers.
    files: ['**/*.test.ts', '**/test/**/*.ts', '**/__fixtures__/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries({ testsMayUseTestSupport: true }) },
  },
  {
    // Tool configs import the shared root config; that is not a project dependency.
    files: ['**/vitest.config.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
);
