import { createHash, randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  runRecordKey,
  type ArtifactRecord,
  type ConditionResult,
  type RegisterModelResult,
  type RunRecord,
  type StepRecord,
  type StepRecordOf,
  type StepResults,
  type StepType,
} from '@powercast/contracts';
import { z } from 'zod';
import { contentHash, getJson, toJsonText, type ArtifactStore } from '../store/artifact-store.js';
import { ArtifactIntegrityError } from '../store/errors.js';
import {
  orderSteps,
  readJsonPath,
  resolveParameters,
  type ConditionStep,
  type JobStep,
  type Operand,
  type ParameterValue,
  type PipelineDefinition,
  type RegisterModelStep,
  type StepDefinition,
} from './definition.js';
import { digestDirectory, digestOfFiles } from './directory-hash.js';
import { artifactRecordSchema } from './run-record.js';

export interface StepContext {
  runId: string;
  stepName: string;
  /** Step inputs: local directories for step outputs, the parameter's value (a path or URI) for parameter inputs. */
  inputs: Record<string, string>;
  /** Empty local directories the step fills. */
  outputs: Record<string, string>;
  parameters: Record<string, ParameterValue>;
  log(message: string): void;
}

export interface JobImplementation {
  /** Changes whenever the step's code changes; part of the cache key. */
  codeVersion: string;
  /**
   * What else the step reads that is neither an input nor a parameter (EvaluateModel: the registry's
   * deployed version); part of the cache key, so a cached result is not reused after it changed.
   */
  externalState?(parameters: Record<string, ParameterValue>): Promise<unknown>;
  run(context: StepContext): Promise<void>;
}

export interface RegisterContext extends Omit<StepContext, 'outputs'> {
  /** Store URIs of the inputs (what the registered package points at). */
  inputUris: Record<string, string>;
  /** The status the step registers with (RegisterRejected: `Rejected`). */
  approvalStatus: RegisterModelStep['approvalStatus'];
  /** The step's package description, operands joined (the champion/challenger reason). */
  description: string;
}

export interface RegisterImplementation {
  run(context: RegisterContext): Promise<RegisterModelResult>;
}

export interface StepImplementations {
  /** By the job step's `command`. */
  jobs: Record<string, JobImplementation>;
  register: RegisterImplementation;
}

export interface RunPipelineOptions {
  pipeline: PipelineDefinition;
  implementations: StepImplementations;
  store: ArtifactStore;
  parameters?: Record<string, ParameterValue>;
  /** Reuse outputs of a step whose code version, inputs and parameters are unchanged (default true). */
  useCache?: boolean;
  /** One human-readable line per event (step started, finished, cached, failed). */
  progress?: (line: string) => void;
  runId?: string;
  now?: () => Date;
  /**
   * Called once with the saved record when the run ends `Failed` (a step threw) or `Stopped` (a Fail
   * step ran), e.g. `pipelineFailureAlerter` of @powercast/monitoring. Its own failure is reported
   * through `progress` and never changes the run's outcome.
   */
  onFailure?: (record: RunRecord) => Promise<unknown>;
}

const cacheEntrySchema = z.object({ runId: z.string(), outputs: z.array(artifactRecordSchema) });

/** A step's outputs by name, with the store key prefix they were uploaded under. */
interface StoredOutput extends ArtifactRecord {
  key: string;
}

export function newRunId(now: Date = new Date()): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

/**
 * Runs the pipeline on this machine: steps in dependency order, outputs uploaded to the store under
 * `runs/<runId>/steps/<step>/<output>/`, the run record at `runs/<runId>/run.json` (rewritten after each step),
 * a cache index at `cache/<step>/<cacheKey>.json` written only after all of a step's outputs are stored
 * (so a crash or a store outage mid-step is never reused; re-running resumes from the last good step).
 */
export async function runPipeline(options: RunPipelineOptions): Promise<RunRecord> {
  const { pipeline, implementations, store } = options;
  const now = options.now ?? (() => new Date());
  const progress = options.progress ?? (() => undefined);
  const useCache = options.useCache ?? true;
  const ordered = orderSteps(pipeline);
  const parameters = resolveParameters(pipeline, options.parameters);
  const started = now();
  const record: RunRecord = {
    runId: options.runId ?? newRunId(started),
    pipeline: pipeline.name,
    status: 'Executing',
    startedAt: started.toISOString(),
    parameters,
    steps: ordered.map((step): StepRecord => ({
      name: step.name,
      type: step.type,
      status: 'NotRun',
      inputs: [],
      outputs: [],
    })),
  };
  const workDir = await mkdtemp(join(tmpdir(), `powercast-run-${record.runId}-`));
  const outputsByStep = new Map<string, StoredOutput[]>();
  const gated = new Set(
    ordered.flatMap((step) => (step.type === 'Condition' ? [...step.ifSteps, ...step.elseSteps] : [])),
  );
  const selected = new Set<string>();
  const save = async (): Promise<void> => {
    await store.put(runRecordKey(record.runId), toJsonText(record));
  };

  try {
    await save();
    for (const [index, step] of ordered.entries()) {
      const stepRecord = record.steps[index]!;
      const label = `[${index + 1}/${ordered.length}] ${step.name}`;
      if (gated.has(step.name) && !selected.has(step.name)) {
        stepRecord.status = 'Skipped';
        progress(`${label} skipped (branch not taken)`);
        continue;
      }
      const stepStarted = now();
      stepRecord.startedAt = stepStarted.toISOString();
      stepRecord.status = 'Executing';
      const log: string[] = [];
      const context = {
        runId: record.runId,
        stepName: step.name,
        parameters: pickParameters(parameters, step.parameters),
        log: (message: string) => log.push(`${new Date().toISOString()} ${message}`),
      };
      let outcome: 'ran' | 'cached' | 'stopped' = 'ran';
      let condition: ConditionResult | undefined;
      let stopReason = '';
      try {
        switch (step.type) {
          case 'Processing':
          case 'Training':
            outcome = await runJob(step, stepRecord, context, () => progress(`${label} started`));
            break;
          case 'Condition':
            condition = await runCondition(step);
            setResult(stepRecord, 'Condition', condition);
            break;
          case 'RegisterModel': {
            progress(`${label} started`);
            const registered = await runRegister(step, stepRecord, context);
            setResult(stepRecord, 'RegisterModel', registered);
            // A run that registers a Rejected package says why in the record (the package holds the same reason).
            if (step.approvalStatus === 'Rejected')
              record.reason = `registered ${registered.group}/${registered.version} as ${registered.status ?? 'Rejected'}: ${await operandsText(step.packageDescription)}`;
            break;
          }
          case 'Fail':
            stopReason = await operandsText(step.errorMessage);
            setResult(stepRecord, 'Fail', { errorMessage: stopReason });
            outcome = 'stopped';
            break;
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log.push(`${new Date().toISOString()} FAILED: ${error instanceof Error ? (error.stack ?? message) : message}`);
        stepRecord.status = 'Failed';
        stepRecord.error = message;
        finishStep(stepRecord, stepStarted, now());
        stepRecord.logUri = await saveLog(step.name, log).catch(() => writeLocalLog(step.name, log));
        record.status = 'Failed';
        record.reason = `step ${step.name} failed: ${message}`;
        progress(`${label} FAILED after ${seconds(stepRecord.durationMs)}: ${message} (log: ${stepRecord.logUri})`);
        return record;
      }
      finishStep(stepRecord, stepStarted, now());
      if (outcome !== 'cached') stepRecord.logUri = await saveLog(step.name, log);
      if (outcome === 'stopped') {
        stepRecord.status = 'Succeeded';
        record.status = 'Stopped';
        record.reason = stopReason;
        progress(`${label} stopped the run: ${record.reason}`);
        return record;
      }
      stepRecord.status = outcome === 'cached' ? 'Cached' : 'Succeeded';
      progress(
        outcome === 'cached'
          ? `${label} cached (outputs of run ${stepRecord.cachedFromRunId})`
          : condition !== undefined
            ? `${label} ${condition.expression} is ${String(condition.outcome)} → ${condition.next}`
            : `${label} done in ${seconds(stepRecord.durationMs)}`,
      );
      await save();
    }
    record.status = 'Succeeded';
    return record;
  } finally {
    const ended = now();
    record.endedAt = ended.toISOString();
    record.durationMs = ended.getTime() - started.getTime();
    await save().catch((error: unknown) => {
      progress(`could not save the run record ${store.uriOf(runRecordKey(record.runId))}: ${String(error)}`);
    });
    if (options.onFailure && (record.status === 'Failed' || record.status === 'Stopped')) {
      await options.onFailure(record).catch((error: unknown) => {
        progress(`could not send the failure alert of run ${record.runId}: ${String(error)}`);
      });
    }
    await rm(workDir, { recursive: true, force: true });
  }

  async function runJob(
    step: JobStep,
    stepRecord: StepRecord,
    context: Omit<StepContext, 'inputs' | 'outputs'>,
    onStart: () => void,
  ): Promise<'ran' | 'cached'> {
    const implementation = implementations.jobs[step.command];
    if (implementation === undefined)
      throw new Error(`no implementation for command "${step.command}" of step ${step.name}`);
    const { records: inputs, cacheable } = await describeInputs(step);
    stepRecord.inputs = inputs;
    const cacheKey = sha256Json({
      step: step.name,
      command: step.command,
      codeVersion: implementation.codeVersion,
      inputs: inputs.map((input) => [input.name, input.sha256]),
      parameters: context.parameters,
      ...(implementation.externalState === undefined
        ? {}
        : { externalState: await implementation.externalState(context.parameters) }),
    });
    stepRecord.cacheKey = cacheKey;
    const cacheKeyPath = `cache/${step.name}/${cacheKey}.json`;
    if (useCache && cacheable && (await store.exists(cacheKeyPath))) {
      const entry = cacheEntrySchema.parse(await getJson(store, cacheKeyPath));
      const stored = entry.outputs.map((output) => ({
        ...output,
        key: `runs/${entry.runId}/steps/${step.name}/${output.name}`,
      }));
      // Outputs of an old run may have been deleted or edited by hand: then the entry is stale and the step runs.
      const problem = await cachedOutputProblem(stored);
      if (problem !== null) context.log(`cache entry of run ${entry.runId} not used: ${problem}`);
      if (problem === null) {
        stepRecord.cachedFromRunId = entry.runId;
        stepRecord.outputs = entry.outputs;
        outputsByStep.set(step.name, stored);
        return 'cached';
      }
    }
    onStart();
    const inputDirs = await materialiseInputs(step);
    const outputDirs: Record<string, string> = {};
    for (const output of step.outputs) {
      outputDirs[output] = join(workDir, step.name, 'output', output);
      await mkdir(outputDirs[output], { recursive: true });
    }
    await implementation.run({ ...context, inputs: inputDirs, outputs: outputDirs });
    const stored: StoredOutput[] = [];
    for (const output of step.outputs) {
      const files = await digestDirectory(outputDirs[output]!);
      const key = `runs/${record.runId}/steps/${step.name}/${output}`;
      for (const file of files)
        await store.put(`${key}/${file.path}`, await readFile(join(outputDirs[output]!, file.path)));
      stored.push({ name: output, uri: store.uriOf(key), key, sha256: digestOfFiles(files), files });
    }
    outputsByStep.set(step.name, stored);
    stepRecord.outputs = stored.map(({ key: _key, ...artifact }) => artifact);
    if (cacheable) await store.put(cacheKeyPath, toJsonText({ runId: record.runId, outputs: stepRecord.outputs }));
    return 'ran';
  }

  async function runCondition(step: ConditionStep): Promise<ConditionResult> {
    const left = await operandValue(step.condition.left);
    const right = await operandValue(step.condition.right);
    if (typeof left !== 'number' || typeof right !== 'number') {
      throw new Error(
        `condition ${step.name} compares ${JSON.stringify(left)} with ${JSON.stringify(right)}: both must be numbers`,
      );
    }
    const holds = left <= right;
    const next = holds ? step.ifSteps : step.elseSteps;
    for (const name of next) selected.add(name);
    const shown = (value: number): string => (Number.isInteger(value) ? String(value) : value.toFixed(1));
    return {
      left,
      right,
      outcome: holds,
      expression: `${shown(left)} <= ${shown(right)}`,
      next: next.join(', ') || '(nothing)',
    };
  }

  async function runRegister(
    step: RegisterModelStep,
    stepRecord: StepRecord,
    context: Omit<StepContext, 'inputs' | 'outputs'>,
  ): Promise<RegisterModelResult> {
    const { records } = await describeInputs(step);
    stepRecord.inputs = records;
    const inputs = await materialiseInputs(step);
    const inputUris = Object.fromEntries(records.map((input) => [input.name, input.uri]));
    const description = await operandsText(step.packageDescription);
    return implementations.register.run({
      ...context,
      inputs,
      inputUris,
      approvalStatus: step.approvalStatus,
      description,
    });
  }

  async function describeInputs(step: StepDefinition): Promise<{ records: ArtifactRecord[]; cacheable: boolean }> {
    let cacheable = true;
    const records: ArtifactRecord[] = [];
    for (const [name, source] of Object.entries(step.inputs)) {
      if (source.from === 'step') {
        const output = producedOutput(source.step, source.output);
        records.push({ name, uri: output.uri, sha256: output.sha256, files: output.files });
        continue;
      }
      const value = String(parameters[source.parameter]);
      if (existsSync(value) && statSync(value).isDirectory()) {
        const files = await digestDirectory(value);
        records.push({ name, uri: value, sha256: digestOfFiles(files), files });
      } else {
        // A remote or missing source cannot be hashed here: always run the step.
        cacheable = false;
        records.push({ name, uri: value, sha256: sha256Json(value), files: [] });
      }
    }
    return { records, cacheable };
  }

  async function materialiseInputs(step: StepDefinition): Promise<Record<string, string>> {
    const dirs: Record<string, string> = {};
    for (const [name, source] of Object.entries(step.inputs)) {
      if (source.from === 'parameter') {
        dirs[name] = String(parameters[source.parameter]);
        continue;
      }
      const output = producedOutput(source.step, source.output);
      const dir = join(workDir, step.name, 'input', name);
      await mkdir(dir, { recursive: true });
      for (const file of output.files) {
        const target = join(dir, ...file.path.split('/'));
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, await verifiedGet(`${output.key}/${file.path}`, file.sha256));
      }
      dirs[name] = dir;
    }
    return dirs;
  }

  /** Why cached outputs cannot be reused (a file missing, or not hashing to its recorded sha256), or null. */
  async function cachedOutputProblem(outputs: StoredOutput[]): Promise<string | null> {
    for (const output of outputs) {
      for (const file of output.files) {
        const key = `${output.key}/${file.path}`;
        if (!(await store.exists(key))) return `${store.uriOf(key)} is missing`;
        const actual = contentHash(await store.get(key));
        if (actual !== file.sha256) return new ArtifactIntegrityError(store.uriOf(key), file.sha256, actual).message;
      }
    }
    return null;
  }

  /** A stored step output, refused if it no longer hashes to what was recorded when it was written. */
  async function verifiedGet(key: string, expectedSha256: string): Promise<Uint8Array> {
    const body = await store.get(key);
    const actual = contentHash(body);
    if (actual !== expectedSha256) throw new ArtifactIntegrityError(store.uriOf(key), expectedSha256, actual);
    return body;
  }

  function producedOutput(stepName: string, outputName: string): StoredOutput {
    const output = outputsByStep.get(stepName)?.find((candidate) => candidate.name === outputName);
    if (output === undefined) throw new Error(`output "${outputName}" of step ${stepName} is not available`);
    return output;
  }

  async function operandValue(operand: Operand): Promise<unknown> {
    if ('literal' in operand) return operand.literal;
    if ('parameter' in operand) return parameters[operand.parameter];
    const { step: stepName, propertyFile, jsonPath } = operand.propertyFileValue;
    const producer = pipeline.steps.find((candidate) => candidate.name === stepName);
    const file =
      producer?.type === 'Processing' || producer?.type === 'Training'
        ? producer.propertyFiles.find((candidate) => candidate.name === propertyFile)
        : undefined;
    if (file === undefined) throw new Error(`step ${stepName} has no property file ${propertyFile}`);
    const output = producedOutput(stepName, file.output);
    const value = readJsonPath(await getJson(store, `${output.key}/${file.path}`), jsonPath);
    if (value === undefined)
      throw new Error(`property file ${propertyFile} (${output.uri}/${file.path}) has no value at ${jsonPath}`);
    return value;
  }

  async function operandsText(operands: Operand[]): Promise<string> {
    const parts = await Promise.all(operands.map((operand) => operandValue(operand)));
    return parts.map(String).join('');
  }

  async function saveLog(stepName: string, lines: string[]): Promise<string> {
    return store.put(`runs/${record.runId}/steps/${stepName}/log.txt`, `${lines.join('\n')}\n`);
  }

  async function writeLocalLog(stepName: string, lines: string[]): Promise<string> {
    // The store itself may be what failed: keep the log on local disk instead.
    const path = join(tmpdir(), `powercast-${record.runId}-${stepName}.log`);
    await writeFile(path, `${lines.join('\n')}\n`);
    return path;
  }
}

/** Records a step's result; every record is created from its step, so the kinds agree (checked anyway). */
function setResult<T extends StepType>(record: StepRecord, type: T, result: StepResults[T]): void {
  if (record.type !== type) throw new Error(`step ${record.name} is recorded as ${record.type}, not ${type}`);
  (record as StepRecordOf<T>).properties = result;
}

function pickParameters(all: Record<string, ParameterValue>, names: string[]): Record<string, ParameterValue> {
  return Object.fromEntries(names.map((name) => [name, all[name]!]));
}

function finishStep(stepRecord: StepRecord, started: Date, ended: Date): void {
  stepRecord.endedAt = ended.toISOString();
  stepRecord.durationMs = ended.getTime() - started.getTime();
}

function seconds(durationMs: number | undefined): string {
  return `${((durationMs ?? 0) / 1000).toFixed(2)} s`;
}

function sha256Json(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}
