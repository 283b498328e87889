import type { ParameterValue } from './definition.js';
import type { FileDigest } from './directory-hash.js';

export type StepStatus = 'Succeeded' | 'Cached' | 'Failed' | 'Skipped' | 'NotRun' | 'Executing';
/** `Stopped`: a Fail step ran (e.g. the model missed the MSE threshold) — the pipeline's own decision, not an error. */
export type RunStatus = 'Executing' | 'Succeeded' | 'Failed' | 'Stopped';

export interface ArtifactRecord {
  name: string;
  /** URI of the artifact (a directory prefix in the store, or an external path/URI for parameter inputs). */
  uri: string;
  /** sha256 over the files' paths and hashes. */
  sha256: string;
  files: FileDigest[];
}

export interface StepRecord {
  name: string;
  type: string;
  status: StepStatus;
  startedAt?: string;
  endedAt?: string;
  durationMs?: number;
  cacheKey?: string;
  /** The run whose outputs a cached step reused. */
  cachedFromRunId?: string;
  inputs: ArtifactRecord[];
  outputs: ArtifactRecord[];
  logUri?: string;
  error?: string;
  /** Step-specific results: the condition's operands and outcome, the registered version, the failure message. */
  properties?: Record<string, string | number | boolean>;
}

export interface RunRecord {
  runId: string;
  pipeline: string;
  status: RunStatus;
  startedAt: string;
  endedAt?: string;
  durationMs?: number;
  parameters: Record<string, ParameterValue>;
  steps: StepRecord[];
  /** Why the run failed or stopped. */
  reason?: string;
}

export function runRecordKey(runId: string): string {
  return `runs/${runId}/run.json`;
}
