import type { ViteUserConfig } from 'vitest/config';
import { powercastVitestConfig, SOURCE_CONDITION } from '../../vitest.shared.js';

// The shared config resolves the "module" condition, which sends @aws-sdk/core to its
// extensionless dist-es build that Node cannot load; without it "node" picks the CommonJS build.
const conditions = [SOURCE_CONDITION, 'node', 'import', 'default'];
const config = powercastVitestConfig();

const predictApiConfig: ViteUserConfig = {
  ...config,
  resolve: { ...config.resolve, conditions },
  ssr: { ...config.ssr, resolve: { ...config.ssr?.resolve, conditions } },
};
export default predictApiConfig;
