/**
 * The record of one pipeline run, `runs/<runId>/run.json` in the artifact store: written by the
 * local runner after every step, read by the trainer and by anyone inspecting a run. Each step
 * kind has its own typed result (`properties`), so readers need no casts.
 */

export type StepStatus = 'Succeeded' | 'Cached' | 'Failed' | 'Skipped' | 'NotRun' | 'Executing';
/** `Stopped`: a Fail step ran (e.g. the model missed the MSE threshold) — the pipeline's own decision, not an error. */
export type RunStatus = 'Executing' | 'Succeeded' | 'Failed' | 'Stopped';
/** SageMaker Model Registry's approval states, which the local registry uses too. */
export type ModelApprovalStatus = 'PendingManualApproval' | 'Approved' | 'Rejected';
export type RunParameterValue = string | number;

export interface FileDigest {
  /** `/`-separated path relative to the artifact's directory. */
  path: string;
  sha256: string;
  bytes: number;
}

export interface ArtifactRecord {
  name: string;
  /** URI of the artifact (a directory prefix in the store, or an external path/URI for parameter inputs). */
  uri: string;
  /** sha256 over the files' paths and hashes. */
  sha256: string;
  files: FileDigest[];
}

/** A Condition step (CheckMSE): the operands compared, whether `left <= right` held, and the steps chosen. */
export interface ConditionResult {
  left: number;
  right: number;
  outcome: boolean;
  /** `left <= right` as shown to people, e.g. `38211.4 <= 40000`. */
  expression: string;
  /** The steps of the branch taken, comma-separated, or `(nothing)`. */
  next: string;
}

/** A RegisterModel step: the package version the model is registered as. */
export interface RegisterModelResult {
  group: string;
  version: number;
  /** The package's approval state, when the registry reports it. */
  status?: ModelApprovalStatus;
  /** true: the same model was already the group's latest version (a cached re-run), so nothing new was registered. */
  alreadyRegistered?: boolean;
}

/** A Fail step: the message the run stopped with. */
export interface FailResult {
  errorMessage: string;
}

/** What each step kind records as its result; job steps record only their artifacts. */
export interface StepResults {
  Processing: undefined;
  Training: undefined;
  Condition: ConditionResult;
  RegisterModel: RegisterModelResult;
  Fail: FailResult;
}
export type StepType = keyof StepResults;

export interface StepRecordOf<T extends StepType> {
  name: string;
  type: T;
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
  /** The step's result once it has one (absent while not run, skipped or failed). */
  properties?: StepResults[T];
}

/** One step's record; narrowing on `type` gives its typed `properties`. */
export type StepRecord = { [T in StepType]: StepRecordOf<T> }[StepType];

export interface RunRecord {
  runId: string;
  pipeline: string;
  status: RunStatus;
  startedAt: string;
  endedAt?: string;
  durationMs?: number;
  parameters: Record<string, RunParameterValue>;
  steps: StepRecord[];
  /** Why the run failed or stopped. */
  reason?: string;
}

/** Where a run's record lives in the artifact store. */
export function runRecordKey(runId: string): string {
  return `runs/${runId}/run.json`;
}
