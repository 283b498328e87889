import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { readSpec, schemaWithOverlay, specsAvailable } from '../../test/sagemaker-schema.js';
import { parseConfig } from '../config/load-config.js';
import { powercastPipeline } from '../pipeline/powercast-pipeline.js';
import { compilePipeline, type CompiledPipeline, type CompiledStep, type ConditionArguments } from './compile.js';

const config = parseConfig({});
const compiled = compilePipeline(powercastPipeline(config, 's3://power-forecasting-mlops-dev/data'), {
  aws: config.aws,
});
const findStep = (name: string, steps: CompiledStep[]): CompiledStep | undefined => {
  for (const candidate of steps) {
    if (candidate.Name === name) return candidate;
    if (candidate.Type === 'Condition') {
      const { IfSteps, ElseSteps } = candidate.Arguments as ConditionArguments;
      const nested = findStep(name, [...IfSteps, ...ElseSteps]);
      if (nested) return nested;
    }
  }
  return undefined;
};
const step = (name: string, steps: CompiledStep[] = compiled.Steps): CompiledStep => {
  const found = findStep(name, steps);
  if (found === undefined) throw new Error(`no step ${name}`);
  return found;
};
const json = (value: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

describe('compilePipeline', () => {
  it('lists the steps in order, with RegisterModel and Fail nested in the condition', () => {
    expect(compiled.Version).toBe('2020-12-01');
    expect(compiled.Steps.map((s) => `${s.Name}:${s.Type}`)).toEqual([
      'LoadData:Processing',
      'ValidateData:Processing',
      'PreprocessData:Processing',
      'TrainModel:Training',
      'EvaluateModel:Processing',
      'VisualizeResults:Processing',
      'CheckMSE:Condition',
    ]);
    const condition = step('CheckMSE').Arguments as ConditionArguments;
    expect(condition.IfSteps.map((s) => s.Name)).toEqual(['CheckChampion']);
    expect(condition.ElseSteps.map((s) => s.Name)).toEqual(['Fail']);
    const champion = step('CheckChampion').Arguments as ConditionArguments;
    expect(champion.IfSteps.map((s) => s.Name)).toEqual(['RegisterModel']);
    expect(champion.ElseSteps.map((s) => s.Name)).toEqual(['RegisterRejected']);
  });

  it('gates registration on the candidate vs. the deployed model, and registers the loser Rejected with the reason', () => {
    const evaluationValue = (path: string): unknown => ({
      'Std:JsonGet': { PropertyFile: { Get: 'Steps.EvaluateModel.PropertyFiles.EvaluationReport' }, Path: path },
    });
    expect(json(step('CheckChampion').Arguments)['Conditions']).toEqual([
      {
        Type: 'LessThanOrEqualTo',
        LeftValue: evaluationValue('champion.candidate_mse'),
        RightValue: evaluationValue('champion.allowed_mse'),
      },
    ]);
    const rejected = json(step('RegisterRejected').Arguments);
    expect(rejected).toMatchObject({
      ModelApprovalStatus: 'Rejected',
      ModelPackageDescription: {
        'Std:Join': {
          On: '',
          Values: [
            'Powercast daily peak demand forecaster (TEPCO area); rejected by CheckChampion: ',
            evaluationValue('champion.reason'),
          ],
        },
      },
    });
    // Same artifacts as RegisterModel: the rejected package is on record, with its evidence.
    expect(rejected['InferenceSpecification']).toEqual(json(step('RegisterModel').Arguments)['InferenceSpecification']);
    expect(rejected['ModelMetrics']).toEqual(json(step('RegisterModel').Arguments)['ModelMetrics']);
    // EvaluateModel reads the deployed model, which SageMaker's step cache cannot see: never cached.
    expect(step('EvaluateModel').CacheConfig).toBeUndefined();
    expect(step('TrainModel').CacheConfig).toMatchObject({ Enabled: true });
    // …and is told where the deployed model is: the SageMaker registry and this environment's SSM last_deployed.
    expect(json(step('EvaluateModel').Arguments)['Environment']).toEqual({
      POWERCAST_REGISTRY: 'sagemaker',
      POWERCAST_LAST_DEPLOYED_PARAMETER: '/power-forecasting/dev/sagemaker/deploy/last_deployed',
      POWERCAST_AWS_REGION: 'ap-northeast-1',
    });
    expect(json(step('LoadData').Arguments)['Environment']).toBeUndefined();
    expect(compiled.Parameters).toContainEqual({ Name: 'challenger_margin_pct', Type: 'Float', DefaultValue: 5 });
    expect(json(step('EvaluateModel').Arguments)['AppSpecification']).toMatchObject({
      ContainerArguments: [
        'evaluate',
        '--model_package_group',
        { Get: 'Parameters.model_package_group' },
        '--challenger_margin_pct',
        { 'Std:Join': { On: '', Values: [{ Get: 'Parameters.challenger_margin_pct' }] } },
      ],
    });
  });

  it('names the gated MSE in the Fail message', () => {
    expect(json(step('Fail').Arguments)['ErrorMessage']).toEqual({
      'Std:Join': {
        On: '',
        Values: [
          'not registered: ',
          {
            'Std:JsonGet': {
              PropertyFile: { Get: 'Steps.EvaluateModel.PropertyFiles.EvaluationReport' },
              Path: 'basis',
            },
          },
          ' mse ',
          {
            'Std:JsonGet': {
              PropertyFile: { Get: 'Steps.EvaluateModel.PropertyFiles.EvaluationReport' },
              Path: 'regression_metrics.mse.value',
            },
          },
          ' > mse_threshold ',
          { Get: 'Parameters.mse_threshold' },
        ],
      },
    });
  });

  it('declares the parameters with the config defaults', () => {
    expect(compiled.Parameters).toContainEqual({ Name: 'mse_threshold', Type: 'Float', DefaultValue: 40000 });
    expect(compiled.Parameters).toContainEqual({
      Name: 'input_data',
      Type: 'String',
      DefaultValue: 's3://power-forecasting-mlops-dev/data',
    });
    expect(compiled.Parameters).toContainEqual({ Name: 'test_days', Type: 'Integer', DefaultValue: 92 });
  });

  it('compares the evaluation property file with the threshold parameter', () => {
    expect(json(step('CheckMSE').Arguments)['Conditions']).toEqual([
      {
        Type: 'LessThanOrEqualTo',
        LeftValue: {
          'Std:JsonGet': {
            PropertyFile: { Get: 'Steps.EvaluateModel.PropertyFiles.EvaluationReport' },
            Path: 'regression_metrics.mse.value',
          },
        },
        RightValue: { Get: 'Parameters.mse_threshold' },
      },
    ]);
    expect(step('EvaluateModel').PropertyFiles).toEqual([
      { PropertyFileName: 'EvaluationReport', OutputName: 'evaluation', FilePath: 'evaluation.json' },
    ]);
  });

  it('wires step inputs to the producing step outputs with Get references', () => {
    const preprocess = json(step('PreprocessData').Arguments) as {
      ProcessingInputs: { S3Input: { S3Uri: unknown; LocalPath: string } }[];
    };
    // PreprocessData trains on the validated daily table: ValidateData's dataset, which reads LoadData's.
    expect(preprocess.ProcessingInputs[0]!.S3Input).toMatchObject({
      S3Uri: { Get: "Steps.ValidateData.ProcessingOutputConfig.Outputs['dataset'].S3Output.S3Uri" },
      LocalPath: '/opt/ml/processing/input/dataset',
    });
    const validate = json(step('ValidateData').Arguments) as {
      ProcessingInputs: { InputName: string; S3Input: { S3Uri: unknown } }[];
      ProcessingOutputConfig: { Outputs: { OutputName: string }[] };
    };
    expect(
      Object.fromEntries(validate.ProcessingInputs.map((input) => [input.InputName, input.S3Input.S3Uri])),
    ).toEqual({
      raw: { Get: 'Parameters.input_data' },
      dataset: { Get: "Steps.LoadData.ProcessingOutputConfig.Outputs['dataset'].S3Output.S3Uri" },
      as_of: { Get: "Steps.LoadData.ProcessingOutputConfig.Outputs['as_of'].S3Output.S3Uri" },
    });
    expect(validate.ProcessingOutputConfig.Outputs.map((output) => output.OutputName)).toEqual(['dataset', 'quality']);
    const train = json(step('TrainModel').Arguments) as {
      InputDataConfig: { ChannelName: string; DataSource: { S3DataSource: { S3Uri: unknown } } }[];
    };
    expect(train.InputDataConfig[0]!.ChannelName).toBe('train');
    const evaluate = json(step('EvaluateModel').Arguments) as {
      ProcessingInputs: { InputName: string; S3Input: { S3Uri: unknown } }[];
    };
    expect(evaluate.ProcessingInputs.find((input) => input.InputName === 'model')!.S3Input.S3Uri).toEqual({
      Get: 'Steps.TrainModel.ModelArtifacts.S3ModelArtifacts',
    });
  });

  it('passes parameters as step arguments, joining numbers into strings', () => {
    const preprocess = json(step('PreprocessData').Arguments) as {
      AppSpecification: { ImageUri: string; ContainerArguments: unknown[] };
    };
    expect(preprocess.AppSpecification.ImageUri).toBe(config.aws.image_uri);
    expect(preprocess.AppSpecification.ContainerArguments.slice(0, 3)).toEqual([
      'preprocess',
      '--target',
      { Get: 'Parameters.target' },
    ]);
    expect(preprocess.AppSpecification.ContainerArguments).toContainEqual({
      'Std:Join': { On: '', Values: [{ Get: 'Parameters.test_days' }] },
    });
  });

  it('registers as PendingManualApproval with metrics and charts under models/, and no ModelPackageName', () => {
    const register = json(step('RegisterModel').Arguments);
    expect(register).not.toHaveProperty('ModelPackageName');
    expect(register).toMatchObject({
      ModelPackageGroupName: { Get: 'Parameters.model_package_group' },
      ModelApprovalStatus: 'PendingManualApproval',
      InferenceSpecification: {
        Containers: [
          {
            Image: config.aws.inference_image_uri,
            ModelDataUrl: { Get: 'Steps.TrainModel.ModelArtifacts.S3ModelArtifacts' },
          },
        ],
      },
      ModelMetrics: {
        ModelQuality: {
          Statistics: {
            ContentType: 'application/json',
            S3Uri: {
              'Std:Join': {
                On: '/',
                Values: [
                  { Get: "Steps.EvaluateModel.ProcessingOutputConfig.Outputs['evaluation'].S3Output.S3Uri" },
                  'evaluation.json',
                ],
              },
            },
          },
        },
      },
      CustomerMetadataProperties: {
        charts_s3_uri: { Get: "Steps.VisualizeResults.ProcessingOutputConfig.Outputs['charts'].S3Output.S3Uri" },
      },
    });
    const evaluate = json(step('EvaluateModel').Arguments) as {
      ProcessingOutputConfig: { Outputs: { S3Output: { S3Uri: { 'Std:Join': { Values: unknown[] } } } }[] };
    };
    expect(evaluate.ProcessingOutputConfig.Outputs[0]!.S3Output.S3Uri['Std:Join'].Values.slice(0, 2)).toEqual([
      's3://power-forecasting-mlops-dev',
      'models',
    ]);
    const load = json(step('LoadData').Arguments) as typeof evaluate;
    expect(load.ProcessingOutputConfig.Outputs[0]!.S3Output.S3Uri['Std:Join'].Values.slice(0, 2)).toEqual([
      's3://power-forecasting-mlops-dev',
      'pipeline',
    ]);
    expect(json(step('TrainModel').Arguments)).toMatchObject({
      OutputDataConfig: { S3OutputPath: 's3://power-forecasting-mlops-dev/models' },
    });
  });

  it('copies role and image references verbatim (infra passes Terraform expressions)', () => {
    const aws = {
      ...config.aws,
      sagemaker_role_arn: '${aws_iam_role.sagemaker.arn}',
      image_uri: '${aws_ecr_repository.trainer.repository_url}:latest',
    };
    const text = JSON.stringify(compilePipeline(powercastPipeline(config), { aws }));
    expect(text).toContain('"RoleArn":"${aws_iam_role.sagemaker.arn}"');
    expect(text).toContain('"TrainingImage":"${aws_ecr_repository.trainer.repository_url}:latest"');
  });

  it('names the serving image by digest and refuses to compile a tag-only serving image', () => {
    const register = json(step('RegisterModel').Arguments) as {
      InferenceSpecification: { Containers: Array<{ Image: string }> };
    };
    expect(register.InferenceSpecification.Containers[0]!.Image).toMatch(/@sha256:[0-9a-f]{64}$/);
    const tagged = { ...config.aws, inference_image_uri: 'acct.dkr.ecr.ap-northeast-1.amazonaws.com/predict:latest' };
    expect(() =>
      compilePipeline(powercastPipeline(config, 's3://power-forecasting-mlops-dev/data'), { aws: tagged }),
    ).toThrow(/aws\.inference_image_uri: expected the serving image by digest .*got "acct\.dkr\.ecr\..*:latest"/);
  });
});

describe.skipIf(!specsAvailable)('compiled definition against the AWS schema (with the documented overlay)', () => {
  const validate = specsAvailable
    ? new Ajv({ strict: false, allErrors: true }).compile(schemaWithOverlay())
    : () => false;

  it('passes the schema with the overlay', () => {
    const valid = validate(json(compiled));
    expect(valid ? [] : (validate as { errors?: unknown }).errors).toEqual([]);
  });

  it('still rejects what the schema forbids (the validator is not a no-op)', () => {
    const broken = json(compiled) as unknown as CompiledPipeline & Record<string, unknown>;
    expect(validate({ ...broken, Version: '2019-01-01' })).toBe(false);
    const withUnknownArgument = structuredClone(broken);
    (withUnknownArgument.Steps[0]!.Arguments as Record<string, unknown>)['Bogus'] = 1;
    expect(validate(withUnknownArgument)).toBe(false);
  });

  it('fails the raw schema only through the gaps the README lists', () => {
    const raw = new Ajv({ strict: false }).compile(readSpec('pipeline-definition.schema.json'));
    expect(raw(json(compiled))).toBe(false);
    // Without the gap features (Std:Join/Std:JsonGet values, PipelineExperimentConfig, PropertyFiles,
    // ModelApprovalStatus, CustomerMetadataProperties, nested Condition steps) the raw schema accepts the rest as it is.
    const stripped = withoutGapFeatures(json(compiled));
    expect(raw(stripped) ? [] : raw.errors).toEqual([]);
  });

  it('has the same shapes as the SDK-produced example', () => {
    const example = readSpec(
      'examples/aws-samples-dynamic-sagemaker-pipelines-framework.pipeline_definition.json',
    ) as unknown as CompiledPipeline;
    const exampleStep = (type: string): CompiledStep => example.Steps.find((candidate) => candidate.Type === type)!;
    const keys = (value: unknown): string[] => Object.keys(value as object).sort();
    for (const type of ['Processing', 'Training'] as const) {
      const ours = compiled.Steps.find((candidate) => candidate.Type === type)!;
      for (const key of keys(ours.Arguments))
        expect(keys(exampleStep(type).Arguments), `${type}.${key}`).toContain(key);
      expect(ours.CacheConfig && keys(ours.CacheConfig)).toEqual(keys(exampleStep(type).CacheConfig));
    }
    const exampleProcessing = example.Steps.find((candidate) => candidate.PropertyFiles !== undefined)!;
    expect(keys(step('EvaluateModel').PropertyFiles![0])).toEqual(keys(exampleProcessing.PropertyFiles![0]));
    const registerKeys = new Set(
      example.Steps.filter((candidate) => candidate.Type === 'RegisterModel').flatMap((candidate) =>
        keys(candidate.Arguments),
      ),
    );
    for (const key of keys(step('RegisterModel').Arguments))
      expect([...registerKeys], `RegisterModel.${key}`).toContain(key);
    expect(keys(compiled.PipelineExperimentConfig)).toEqual(keys(example.PipelineExperimentConfig));
  });
});

const GAP_KEYS = new Set([
  'PipelineExperimentConfig',
  'PropertyFiles',
  'ModelApprovalStatus',
  'CustomerMetadataProperties',
]);

/** A Condition nested in a branch (gap 5) is replaced by the steps of its own branches. */
function hoistNestedConditions(steps: unknown[]): unknown[] {
  return steps.flatMap((inner) => {
    const nested = inner as { Type?: string; Arguments?: { IfSteps?: unknown[]; ElseSteps?: unknown[] } };
    return nested.Type === 'Condition'
      ? hoistNestedConditions([...(nested.Arguments?.IfSteps ?? []), ...(nested.Arguments?.ElseSteps ?? [])])
      : [inner];
  });
}

function withoutGapFeatures(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutGapFeatures);
  if (typeof value === 'object' && value !== null && ('IfSteps' in value || 'ElseSteps' in value)) {
    const branches = value as { IfSteps?: unknown[]; ElseSteps?: unknown[] };
    value = {
      ...value,
      ...(branches.IfSteps ? { IfSteps: hoistNestedConditions(branches.IfSteps) } : {}),
      ...(branches.ElseSteps ? { ElseSteps: hoistNestedConditions(branches.ElseSteps) } : {}),
    };
  }
  if (typeof value !== 'object' || value === null) return value;
  if ('Std:Join' in value || 'Std:JsonGet' in value) return 'resolved-at-run-time';
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !GAP_KEYS.has(key))
      .map(([key, inner]) => [key, withoutGapFeatures(inner)]),
  );
}
