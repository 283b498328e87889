import { powercastVitestConfig } from '../../vitest.shared.js';

export default powercastVitestConfig();
