/**
 * The pipeline as data. One definition, read by two back ends: the local runner (runner.ts)
 * and the SageMaker compiler (../sagemaker/compile.ts). Step code is not here: each step names
 * the container subcommand that runs it, and the local runner maps names to implementations.
 */
import { UserInputError } from '@powercast/contracts';

export type ParameterType = 'String' | 'Integer' | 'Float';
export type ParameterValue = string | number;

export interface ParameterDefinition {
  name: string;
  type: ParameterType;
  defaultValue: ParameterValue;
  description: string;
}

/** Where a step input comes from: another step's named output, or a parameter holding a URI/path. */
export type InputSource = { from: 'step'; step: string; output: string } | { from: 'parameter'; parameter: string };

/** A JSON file in a step output that later steps read values from (SageMaker's PropertyFile). */
export interface PropertyFile {
  name: string;
  output: string;
  path: string;
}

export interface PropertyFileValue {
  step: string;
  propertyFile: string;
  /** Dotted JSON path, e.g. `regression_metrics.mse.value`. */
  jsonPath: string;
}

export type Operand = { parameter: string } | { propertyFileValue: PropertyFileValue } | { literal: ParameterValue };

export interface ConditionExpression {
  type: 'LessThanOrEqualTo';
  left: Operand;
  right: Operand;
}

interface BaseStep {
  name: string;
  description: string;
  /** Named inputs, materialised as directories. */
  inputs: Record<string, InputSource>;
  /** Parameters the step reads (become job arguments / hyperparameters). */
  parameters: string[];
}

/** A processing or training job: runs `command` of the trainer image, reads inputs, writes outputs. */
export interface JobStep extends BaseStep {
  type: 'Processing' | 'Training';
  command: string;
  outputs: string[];
  propertyFiles: PropertyFile[];
  /**
   * What the step reads besides its inputs and parameters (EvaluateModel: the registry's deployed model).
   * SageMaker's step cache cannot see it, so such a step is compiled without CacheConfig; the local runner
   * puts it in the cache key (`JobImplementation.externalState`).
   */
  readsOutside?: string;
}

export interface ConditionStep extends BaseStep {
  type: 'Condition';
  condition: ConditionExpression;
  ifSteps: string[];
  elseSteps: string[];
}

export interface RegisterModelStep extends BaseStep {
  type: 'RegisterModel';
  /** Inputs: `model` (model.tar.gz), `evaluation` (evaluation.json), `charts`. */
  modelInput: string;
  evaluationInput: string;
  chartsInput: string;
  /** The status the package is created with: offered for approval, or kept on record as Rejected. */
  approvalStatus: 'PendingManualApproval' | 'Rejected';
  /** Joined (Std:Join with "") into the package description (and, when Rejected, the decision's reason). */
  packageDescription: Operand[];
}

export interface FailStep extends BaseStep {
  type: 'Fail';
  /** Joined (Std:Join with "") into the failure message. */
  errorMessage: Operand[];
}

export type StepDefinition = JobStep | ConditionStep | RegisterModelStep | FailStep;

export interface PipelineDefinition {
  name: string;
  parameters: ParameterDefinition[];
  steps: StepDefinition[];
}

/** A definition that refers to a step, output or parameter that does not exist, or has a cycle; or a parameter value it cannot take. */
export class PipelineDefinitionError extends UserInputError {
  override readonly name = 'PipelineDefinitionError';
  readonly kind = 'invalid-pipeline-definition';
}

/** Steps that must finish before `step` starts: input producers, property-file producers, and the condition that gates it. */
export function dependenciesOf(step: StepDefinition, pipeline: PipelineDefinition): string[] {
  const dependencies = new Set<string>();
  for (const source of Object.values(step.inputs)) if (source.from === 'step') dependencies.add(source.step);
  const operands: Operand[] =
    step.type === 'Condition'
      ? [step.condition.left, step.condition.right]
      : step.type === 'Fail'
        ? step.errorMessage
        : step.type === 'RegisterModel'
          ? step.packageDescription
          : [];
  for (const operand of operands) if ('propertyFileValue' in operand) dependencies.add(operand.propertyFileValue.step);
  for (const other of pipeline.steps) {
    if (other.type === 'Condition' && [...other.ifSteps, ...other.elseSteps].includes(step.name))
      dependencies.add(other.name);
  }
  return [...dependencies];
}

/** Checks references and returns the steps in a dependency order (stable: definition order among ready steps). */
export function orderSteps(pipeline: PipelineDefinition): StepDefinition[] {
  const byName = new Map(pipeline.steps.map((step) => [step.name, step]));
  const parameterNames = new Set(pipeline.parameters.map((parameter) => parameter.name));
  for (const step of pipeline.steps) {
    for (const [input, source] of Object.entries(step.inputs)) {
      if (source.from === 'parameter' && !parameterNames.has(source.parameter)) {
        throw new PipelineDefinitionError(
          `step ${step.name} input "${input}" reads unknown parameter "${source.parameter}"`,
        );
      }
      if (source.from === 'step') {
        const producer = byName.get(source.step);
        if (producer === undefined)
          throw new PipelineDefinitionError(`step ${step.name} input "${input}" reads unknown step "${source.step}"`);
        if (producer.type !== 'Processing' && producer.type !== 'Training') {
          throw new PipelineDefinitionError(
            `step ${step.name} input "${input}" reads step "${source.step}", which has no outputs`,
          );
        }
        if (!producer.outputs.includes(source.output)) {
          throw new PipelineDefinitionError(
            `step ${step.name} input "${input}" reads unknown output "${source.output}" of ${source.step}`,
          );
        }
      }
    }
    for (const parameter of step.parameters) {
      if (!parameterNames.has(parameter))
        throw new PipelineDefinitionError(`step ${step.name} reads unknown parameter "${parameter}"`);
    }
  }
  const ordered: StepDefinition[] = [];
  const done = new Set<string>();
  while (ordered.length < pipeline.steps.length) {
    const ready = pipeline.steps.find(
      (step) => !done.has(step.name) && dependenciesOf(step, pipeline).every((dependency) => done.has(dependency)),
    );
    if (ready === undefined) {
      const stuck = pipeline.steps.filter((step) => !done.has(step.name)).map((step) => step.name);
      throw new PipelineDefinitionError(`steps ${stuck.join(', ')} have a dependency cycle or an unknown dependency`);
    }
    ordered.push(ready);
    done.add(ready.name);
  }
  return ordered;
}

/** Parameter values: defaults overridden by `overrides` (strings from the command line are converted by type). */
export function resolveParameters(
  pipeline: PipelineDefinition,
  overrides: Record<string, ParameterValue> = {},
): Record<string, ParameterValue> {
  const values: Record<string, ParameterValue> = {};
  const byName = new Map(pipeline.parameters.map((parameter) => [parameter.name, parameter]));
  for (const name of Object.keys(overrides)) {
    if (!byName.has(name)) {
      throw new PipelineDefinitionError(
        `unknown pipeline parameter "${name}" (known: ${[...byName.keys()].join(', ')})`,
      );
    }
  }
  for (const parameter of pipeline.parameters) {
    const raw = overrides[parameter.name] ?? parameter.defaultValue;
    if (parameter.type === 'String') {
      values[parameter.name] = String(raw);
      continue;
    }
    const value = typeof raw === 'number' ? raw : Number(raw);
    if (typeof raw === 'string' && raw.trim() === '') throw badValue(parameter, raw);
    if (!Number.isFinite(value) || (parameter.type === 'Integer' && !Number.isInteger(value)))
      throw badValue(parameter, raw);
    values[parameter.name] = value;
  }
  return values;
}

function badValue(parameter: ParameterDefinition, raw: ParameterValue): PipelineDefinitionError {
  return new PipelineDefinitionError(
    `pipeline parameter "${parameter.name}" must be ${parameter.type === 'Integer' ? 'an integer' : 'a number'}, got "${raw}"`,
  );
}

/** Reads a dotted path (`a.b.c`) from parsed JSON; undefined when a segment is missing. */
export function readJsonPath(document: unknown, jsonPath: string): unknown {
  let value: unknown = document;
  for (const segment of jsonPath.split('.')) {
    if (typeof value !== 'object' || value === null || !(segment in value)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}
