// Test-only: the step tests lay out one /opt/ml folder per job and hand outputs on the way SageMaker does;
// this module is that layout, so the CLI test and the SageMaker-deps test cannot drift apart.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveParameters, type JobStep, type PipelineDefinition } from '@powercast/aws-pipeline';

/** Runs one `trainer step` in the job folder `root` and fails the test unless it succeeds. */
export type RunStep = (root: string, argv: string[]) => Promise<unknown>;

/** A fresh folder laid out like a SageMaker job's /opt/ml (each job gets its own container). */
export function optMl(): string {
  return mkdtempSync(join(tmpdir(), 'opt-ml-'));
}

function jobStep(pipeline: PipelineDefinition, stepName: string): JobStep {
  const step = pipeline.steps.find((candidate) => candidate.name === stepName);
  if (step === undefined || (step.type !== 'Processing' && step.type !== 'Training'))
    throw new Error(`the pipeline has no job step "${stepName}"`);
  return step;
}

/** A step's parameters with the values the compiled definition resolves them to, as strings. */
export function stepParameters(pipeline: PipelineDefinition, stepName: string): Record<string, string> {
  const parameters = resolveParameters(pipeline);
  return Object.fromEntries(jobStep(pipeline, stepName).parameters.map((name) => [name, String(parameters[name])]));
}

/** The `--name value` container arguments of a step, as the compiled definition passes them. */
export function argumentsOf(pipeline: PipelineDefinition, stepName: string): string[] {
  return Object.entries(stepParameters(pipeline, stepName)).flatMap(([name, value]) => [`--${name}`, value]);
}

/** Copies processing output `output` of job `from` to processing input `input` of job `to`. */
export function handOver(from: string, output: string, to: string, input: string = output): void {
  cpSync(join(from, 'processing', 'output', output), join(to, 'processing', 'input', input), { recursive: true });
}

/** Mounts the raw data folder as the `raw` processing input (a symlink: the data is never copied). */
function mountRaw(root: string, rawDataDir: string): void {
  mkdirSync(join(root, 'processing', 'input'), { recursive: true });
  symlinkSync(rawDataDir, join(root, 'processing', 'input', 'raw'));
}

/** The job folders of the three data steps, each holding its outputs. */
export interface DataJobs {
  load: string;
  validate: string;
  preprocess: string;
}

/** load-data → validate → preprocess on `rawDataDir`, each in its own /opt/ml with the inputs the definition declares. */
export async function runDataSteps(
  pipeline: PipelineDefinition,
  rawDataDir: string,
  runStep: RunStep,
): Promise<DataJobs> {
  const load = optMl();
  mountRaw(load, rawDataDir);
  await runStep(load, ['load-data', ...argumentsOf(pipeline, 'LoadData')]);

  // ValidateData reads the raw files again (for their lines) beside LoadData's outputs.
  const validate = optMl();
  mountRaw(validate, rawDataDir);
  for (const name of ['dataset', 'as_of']) handOver(load, name, validate);
  await runStep(validate, ['validate', ...argumentsOf(pipeline, 'ValidateData')]);

  const preprocess = optMl();
  handOver(validate, 'dataset', preprocess);
  await runStep(preprocess, ['preprocess', ...argumentsOf(pipeline, 'PreprocessData')]);
  return { load, validate, preprocess };
}

/**
 * A training job's /opt/ml: every channel the definition declares (train, and LoadData's as-of inputs for
 * the as-served rows) and hyperparameters.json, in which SageMaker writes every value as a string.
 */
export function trainingJob(
  pipeline: PipelineDefinition,
  data: DataJobs,
  overrides: Record<string, string> = {},
): string {
  const root = optMl();
  cpSync(join(data.preprocess, 'processing', 'output', 'train'), join(root, 'input', 'data', 'train'), {
    recursive: true,
  });
  cpSync(join(data.load, 'processing', 'output', 'as_of'), join(root, 'input', 'data', 'as_of'), { recursive: true });
  mkdirSync(join(root, 'input', 'config'), { recursive: true });
  const hyperparameters = { ...stepParameters(pipeline, 'TrainModel'), ...overrides };
  writeFileSync(join(root, 'input', 'config', 'hyperparameters.json'), JSON.stringify(hyperparameters));
  return root;
}

/** Packs a finished training job's /opt/ml/model into `tarball`, as SageMaker does before the next job. */
export function packModel(trainingRoot: string, tarball: string): void {
  execFileSync('tar', ['-czf', tarball, '-C', join(trainingRoot, 'model'), '.']);
}

/**
 * An evaluation job's /opt/ml: the packed model, the test split, and (for the ex-ante rows) the validated
 * daily table and LoadData's as-of inputs, mounted as the definition declares.
 */
export function evaluationJob(data: DataJobs, modelTarball: string): string {
  const root = optMl();
  mkdirSync(join(root, 'processing', 'input', 'model'), { recursive: true });
  cpSync(modelTarball, join(root, 'processing', 'input', 'model', 'model.tar.gz'));
  handOver(data.preprocess, 'test', root);
  handOver(data.validate, 'dataset', root);
  handOver(data.load, 'as_of', root);
  return root;
}
