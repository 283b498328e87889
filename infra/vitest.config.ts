import { powercastVitestConfig } from '../vitest.shared.js';

// Test files share a worker's modules: cdktf, the provider bindings and @powercast/aws-pipeline are
// imported once per worker instead of once per file, and each environment is synthesised once.
export default powercastVitestConfig({ isolate: false, globalSetup: ['test/global-setup.ts'] });
