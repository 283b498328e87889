import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The variable through which test workers find the run's scratch directory. */
export const scratchVariable = 'POWERCAST_INFRA_TEST_SCRATCH';

/** One scratch directory per test run for synthesised stacks and stand-in bundles, removed at the end. */
export default function setup(): () => void {
  const scratch = mkdtempSync(join(tmpdir(), 'powercast-infra-tests-'));
  process.env[scratchVariable] = scratch;
  return () => rmSync(scratch, { recursive: true, force: true });
}
