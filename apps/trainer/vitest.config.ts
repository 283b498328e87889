import type { ViteUserConfig } from 'vitest/config';
import { powercastVitestConfig, SOURCE_CONDITION } from '../../vitest.shared.js';

// The shared config resolves the "module" condition, which sends @aws-sdk/checksums to its
// extensionless dist-es build that Node cannot load; "node" first picks its CommonJS build.
const conditions = [SOURCE_CONDITION, 'node', 'import', 'default'];
const shared = powercastVitestConfig();

const config: ViteUserConfig = {
  ...shared,
  resolve: { ...shared.resolve, conditions },
  ssr: { ...shared.ssr, resolve: { ...shared.ssr?.resolve, conditions } },
};

export default config;
