import { powercastPipeline, type PowercastConfig } from '@powercast/aws-pipeline';
import { compilePipeline } from '@powercast/aws-pipeline/sagemaker';
import { describe, expect, it } from 'vitest';

import { ref, resourceWhere, synthesized } from '../test/synthesized-stack.js';
import { environmentNames, resolveEnvironmentConfig } from './config/environment-config.js';
import type { PolicyDocument } from './iam/policy-document.js';
import { readPowercastConfig } from './powercast-config.js';

interface Join {
  'Std:Join': { On: string; Values: unknown[] };
}

/** Every Std:Join in the definition (S3 locations are built with them). */
function joins(value: unknown): Join[] {
  if (Array.isArray(value)) return value.flatMap(joins);
  if (typeof value !== 'object' || value === null) return [];
  const nested = Object.values(value).flatMap(joins);
  return 'Std:Join' in value ? [value as Join, ...nested] : nested;
}

describe.each(environmentNames)('SageMaker pipeline (%s)', (environment) => {
  const { json, config } = synthesized(environment);
  const pipeline = resourceWhere(json, 'aws_sagemaker_pipeline');
  const definition = JSON.parse(pipeline.values.pipeline_definition as string) as Record<string, unknown>;
  const role = resourceWhere(
    json,
    'aws_iam_role',
    (values) => values.name === `powercast-sagemaker-execution-${environment}`,
  );
  const repository = (name: string) =>
    resourceWhere(json, 'aws_ecr_repository', (values) => values.name === `powercast-${name}-${environment}`);
  const bucket = `power-forecasting-mlops-${environment}`;
  /** `<repository url>@<digest of the newest image, resolved at plan time>` (no digest configured). */
  const newestImage = (name: string): string => {
    const [id] = Object.entries(json.data['aws_ecr_image'] ?? {}).find(
      ([, values]) => values.repository_name === ref(repository(name), 'name'),
    ) ?? [undefined];
    if (id === undefined) throw new Error(`no aws_ecr_image data source for ${name}`);
    return `${ref(repository(name), 'repository_url')}@\${data.aws_ecr_image.${id}.image_digest}`;
  };

  it('is named for the environment and runs as the SageMaker execution role', () => {
    const group = resourceWhere(json, 'aws_sagemaker_model_package_group');
    expect(pipeline.values).toMatchObject({
      pipeline_name: `PowerForecastPipeline-${environment}`,
      role_arn: ref(role, 'arn'),
    });
    expect(pipeline.values.depends_on).toContain(`${group.type}.${group.id}`);
  });

  it("is exactly what trainer:sagemaker compile produces for this environment's settings", () => {
    // The trainer's compile: compilePipeline(powercastPipeline(config, `s3://${aws.bucket}/data`), { aws }).
    const shared = readPowercastConfig();
    const settings: PowercastConfig = {
      ...shared,
      registry_group: `PowerForecastPackageGroup-${environment}`,
      aws: {
        ...shared.aws,
        region: config.region,
        environment,
        bucket,
        pipeline_name: `PowerForecastPipeline-${environment}`,
        sagemaker_role_arn: ref(role, 'arn'),
        image_uri: newestImage('trainer'),
        inference_image_uri: newestImage('predict-api'),
      },
    };
    const expected = compilePipeline(powercastPipeline(settings, `s3://${settings.aws.bucket}/data`), {
      aws: settings.aws,
    });
    expect(definition).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(definition.Version).toBe('2020-12-01');
  });

  it('refers to Terraform only for the role and the two images (no stray interpolation)', () => {
    const text = pipeline.values.pipeline_definition as string;
    expect(new Set(text.match(/\$\{[^}]*\}/g))).toEqual(
      new Set([
        ref(role, 'arn'),
        ref(repository('trainer'), 'repository_url'),
        ref(repository('predict-api'), 'repository_url'),
        ...['trainer', 'predict-api'].map((name) => newestImage(name).slice(newestImage(name).indexOf('@') + 1)),
      ]),
    );
    expect(text).not.toContain('%{');
  });

  it("registers into the environment's group and reads raw data from the bucket's data prefix", () => {
    const parameters = definition.Parameters as { Name: string; DefaultValue: unknown }[];
    const defaultOf = (name: string) => parameters.find((candidate) => candidate.Name === name)?.DefaultValue;
    expect(defaultOf('model_package_group')).toBe(`PowerForecastPackageGroup-${environment}`);
    expect(defaultOf('input_data')).toBe(`s3://${bucket}/data`);
  });

  it('writes only under the prefixes the execution role may write, so nothing it needs expires', () => {
    const written = joins(definition)
      .map((join) => join['Std:Join'].Values)
      .filter((values) => values[0] === `s3://${bucket}`)
      .map((values) => `${String(values[1])}/`);
    expect(written.length).toBeGreaterThan(3);
    const policy = JSON.parse(
      resourceWhere(json, 'aws_iam_role_policy', (values) => values.role === ref(role, 'id')).values.policy as string,
    ) as PolicyDocument;
    const writable =
      policy.Statement.find((statement) => statement.Sid === 'WriteStepOutputsAndModels')?.Resource ?? [];
    for (const prefix of written)
      expect(writable).toContain(`${ref(resourceWhere(json, 'aws_s3_bucket'), 'arn')}/${prefix}*`);
    expect(new Set(written)).toEqual(new Set([config.storage.prefixes.pipeline, config.storage.prefixes.models]));
  });

  it('is what the pipeline-failed rule watches', () => {
    const rule = resourceWhere(
      json,
      'aws_cloudwatch_event_rule',
      (values) => values.name === `powercast-pipeline-failed-${environment}`,
    );
    expect(JSON.parse(rule.values.event_pattern as string).detail.pipelineArn).toEqual([ref(pipeline, 'arn')]);
  });
});

describe('container images by digest', () => {
  const trainer = `sha256:${'1'.repeat(64)}`;
  const predictApi = `sha256:${'2'.repeat(64)}`;
  const { json } = synthesized('prod', { overrides: { imageDigests: { trainer, predictApi } } });
  const repository = (name: string) =>
    resourceWhere(json, 'aws_ecr_repository', (values) => values.name === `powercast-${name}-prod`);
  const definition = resourceWhere(json, 'aws_sagemaker_pipeline').values.pipeline_definition as string;

  it.each(['dev', 'prod'] as const)('ECR repositories of %s refuse to move a pushed tag (IMMUTABLE)', (environment) => {
    const repositories = Object.values(synthesized(environment).json.resource['aws_ecr_repository'] ?? {});
    expect(repositories).toHaveLength(2);
    for (const values of repositories) expect(values.image_tag_mutability).toBe('IMMUTABLE');
  });

  it('runs the configured trainer digest and registers packages naming the configured serving digest', () => {
    const parsed = JSON.parse(definition) as { Steps: unknown[] };
    const register = JSON.stringify(parsed.Steps).match(/"Image":"([^"]+)"/)?.[1];
    expect(register).toBe(`${ref(repository('predict-api'), 'repository_url')}@${predictApi}`);
    expect(definition).toContain(`"ImageUri":"${ref(repository('trainer'), 'repository_url')}@${trainer}"`);
    expect(definition).not.toMatch(/:latest|data\.aws_ecr_image/);
    expect(json.data['aws_ecr_image']).toBeUndefined();
  });

  it('refuses a digest that is not sha256:<64 hex> (a tag is not a digest)', () => {
    expect(() => resolveEnvironmentConfig('dev', { imageDigests: { trainer: 'latest', predictApi: null } })).toThrow(
      /imageDigests\.trainer: expected an image digest sha256:<64 hex digits>/,
    );
  });
});
