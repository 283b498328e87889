import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The AWS-published pipeline-definition JSON Schema and the real SDK examples are reference data
 * in ../shared/specs (not vendored: the schema's repo has no licence). Tests load them from there.
 */
export const specsDir = fileURLToPath(
  new URL('../../../../shared/specs/sagemaker-pipeline-definition/', import.meta.url),
);
export const specsAvailable = existsSync(`${specsDir}pipeline-definition.schema.json`);
if (!specsAvailable)
  console.warn(`SageMaker pipeline schema not found in ${specsDir}: the schema validation tests are skipped`);

type Json = Record<string, unknown>;

export function readSpec(name: string): Json {
  return JSON.parse(readFileSync(`${specsDir}${name}`, 'utf8')) as Json;
}

const ARGUMENT_VALUE_TYPES = [
  'StringArgumentValue',
  'IntegerArgumentValue',
  'FloatArgumentValue',
  'BooleanArgumentValue',
];

/**
 * The local overlay: fixes exactly the schema gaps listed in the specs README that our compiled
 * definition runs into, and nothing else —
 *  1. top level: `PipelineExperimentConfig` is missing (the SDK emits it by default);
 *  2. `Std:JsonGet` is not defined at all, and `Std:Join` (JoinFunction) is malformed (`Values`
 *     outside `properties`) and never referenced: both are (re)defined and allowed wherever a
 *     String/Integer/Float/Boolean argument value is;
 *  3. Processing steps: `PropertyFiles` is not allowed;
 *  4. RegisterModel Arguments: `ModelApprovalStatus` and `CustomerMetadataProperties` are not allowed;
 *  5. Condition `IfSteps`/`ElseSteps` do not allow a nested Condition step (the service accepts them; our
 *     CheckChampion sits in CheckMSE's IfSteps).
 */
export function schemaWithOverlay(): Json {
  const schema = structuredClone(readSpec('pipeline-definition.schema.json')) as Json & {
    properties: Json;
    definitions: Record<string, Json & { oneOf?: Json[]; properties?: Record<string, Json & { properties?: Json }> }>;
  };
  const definitions = schema.definitions;
  const expression = {
    oneOf: [
      { $ref: '#/definitions/GetFunction' },
      { $ref: '#/definitions/JoinFunction' },
      { $ref: '#/definitions/JsonGetFunction' },
    ],
  };

  schema.properties['PipelineExperimentConfig'] = {
    type: 'object',
    properties: {
      ExperimentName: { $ref: '#/definitions/StringArgumentValue' },
      TrialName: { $ref: '#/definitions/StringArgumentValue' },
    },
    additionalProperties: false,
  };

  definitions['JoinFunction'] = {
    type: 'object',
    properties: {
      'Std:Join': {
        type: 'object',
        properties: {
          On: { type: 'string' },
          Values: { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'number' }, expression] } },
        },
        required: ['On', 'Values'],
        additionalProperties: false,
      },
    },
    required: ['Std:Join'],
    additionalProperties: false,
  };
  definitions['JsonGetFunction'] = {
    type: 'object',
    properties: {
      'Std:JsonGet': {
        type: 'object',
        properties: { PropertyFile: { $ref: '#/definitions/GetFunction' }, Path: { type: 'string' } },
        required: ['PropertyFile', 'Path'],
        additionalProperties: false,
      },
    },
    required: ['Std:JsonGet'],
    additionalProperties: false,
  };
  for (const name of ARGUMENT_VALUE_TYPES) {
    definitions[name]!.oneOf!.push({ $ref: '#/definitions/JoinFunction' }, { $ref: '#/definitions/JsonGetFunction' });
  }

  definitions['ProcessingStep']!.properties!['PropertyFiles'] = {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        PropertyFileName: { type: 'string' },
        OutputName: { type: 'string' },
        FilePath: { type: 'string' },
      },
      required: ['PropertyFileName', 'OutputName', 'FilePath'],
      additionalProperties: false,
    },
  };

  const registerArguments = definitions['RegisterModelStep']!.properties!['Arguments']!.properties as Json;
  registerArguments['ModelApprovalStatus'] = {
    type: 'string',
    enum: ['PendingManualApproval', 'Approved', 'Rejected'],
  };
  registerArguments['CustomerMetadataProperties'] = {
    type: 'object',
    additionalProperties: { $ref: '#/definitions/StringArgumentValue' },
  };
  const conditionArguments = definitions['ConditionStep']!.properties!['Arguments']!.properties as Record<
    string,
    { items: { oneOf: Json[] } }
  >;
  for (const branch of ['IfSteps', 'ElseSteps'])
    conditionArguments[branch]!.items.oneOf.push({ $ref: '#/definitions/ConditionStep' });
  return schema;
}
