import { DEFAULT_NAME_PREFIX, defaultBucketName, defaultEndpointName, UserInputError } from '@powercast/contracts';
import { z } from 'zod';

/**
 * The one configuration of the Powercast infrastructure: a schema with every default in one
 * place, and the per-environment values that differ. Names are derived from the environment
 * (never from an account id) so the same code deploys dev and prod side by side in one account.
 */

export const environmentNames = ['dev', 'prod'] as const;
export type EnvironmentName = (typeof environmentNames)[number];

/** Retention values CloudWatch Logs accepts (PutRetentionPolicy rejects anything else). */
const logRetentionDays = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const awsRegion = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'expected an AWS region such as ap-northeast-1');
const resourceName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'expected lower-case letters, digits and hyphens (max 63)');
const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected a valid S3 bucket name');
const imageDigest = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'expected an image digest sha256:<64 hex digits>');
const s3Prefix = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_/-]*\/$/, 'expected a key prefix ending in "/", such as "pipeline/"');

const storageSchema = z.strictObject({
  bucketName,
  /** `aws:kms` = a customer-managed KMS key created by the stack; `AES256` = S3-managed keys. */
  encryption: z.enum(['aws:kms', 'AES256']),
  prefixes: z.strictObject({
    /** Raw TEPCO/JMA files the pipeline reads. */
    data: s3Prefix,
    /** Pipeline step outputs (intermediates): expire after `intermediateExpirationDays`. */
    pipeline: s3Prefix,
    /** Model artifacts, evaluation reports, charts and the registry: kept. */
    models: s3Prefix,
  }),
  intermediateExpirationDays: z.number().int().min(1),
  noncurrentVersionExpirationDays: z.number().int().min(1),
  abortIncompleteUploadDays: z.number().int().min(1),
});

const endpointSchema = z.strictObject({
  /** At most 40 characters: the approval Lambdas append `-v<version>-<timestamp>` to name endpoint configs. */
  name: z
    .string()
    .regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,39}$/, 'expected a SageMaker endpoint name of at most 40 characters'),
  /** Serverless memory: SageMaker accepts 1024–6144 MB in 1 GB steps. */
  memorySizeMb: z.union([
    z.literal(1024),
    z.literal(2048),
    z.literal(3072),
    z.literal(4096),
    z.literal(5120),
    z.literal(6144),
  ]),
  maxConcurrency: z.number().int().min(1).max(200),
  /** Endpoint configs `deploy` keeps (newest first) when it deletes old ones. */
  configsToKeep: z.number().int().min(2),
});

const lambdaSchema = z.strictObject({
  memorySizeMb: z.number().int().min(128).max(10_240),
  timeoutSeconds: z.number().int().min(1).max(900),
  logRetentionDays: z.union(logRetentionDays.map((days) => z.literal(days))),
  /**
   * Reserved concurrency of `deploy`: 1 serialises deployments to the one endpoint. `null` leaves
   * it unreserved (needed in new accounts whose concurrency quota is 10, where AWS refuses any
   * reservation that leaves fewer than 10 unreserved).
   */
  deployReservedConcurrency: z.number().int().min(1).nullable(),
});

const apiSchema = z.strictObject({
  throttlingRateLimit: z.number().positive(),
  throttlingBurstLimit: z.number().int().positive(),
});

const remoteStateSchema = z.strictObject({
  bucket: bucketName,
  key: z.string().min(1),
  region: awsRegion,
  dynamodbTable: z.string().regex(/^[a-zA-Z0-9_.-]{3,255}$/, 'expected a DynamoDB table name'),
});

export const environmentConfigSchema = z
  .strictObject({
    environment: z.enum(environmentNames),
    region: awsRegion,
    /** Prefix of every resource name (`<prefix>-<thing>-<env>`). */
    namePrefix: resourceName,
    /** Receives approval requests; also the SES sender identity. */
    approverEmail: z.email(),
    /** Receives pipeline-failure notifications (SNS email subscription). */
    alertEmail: z.email(),
    modelPackageGroupName: z
      .string()
      .regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/, 'expected a model package group name'),
    pipelineName: z.string().regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$/, 'expected a SageMaker pipeline name'),
    /**
     * The images by digest (`sha256:<64 hex>`): the pipeline runs and the registered packages name exactly
     * these. `null` pins the newest image in the repository at plan time (data.aws_ecr_image), which is
     * still a digest in the definition, but moves with each push: set both for prod.
     */
    imageDigests: z.strictObject({ trainer: imageDigest.nullable(), predictApi: imageDigest.nullable() }),
    approvalTokenTtlHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 14),
    storage: storageSchema,
    endpoint: endpointSchema,
    lambda: lambdaSchema,
    api: apiSchema,
    remoteState: remoteStateSchema,
  })
  .superRefine((config, context) => {
    // Every environment-scoped name must carry its environment, so dev can never address prod.
    const suffix = `-${config.environment}`;
    const scopedNames: [string[], string][] = [
      [['storage', 'bucketName'], config.storage.bucketName],
      [['endpoint', 'name'], config.endpoint.name],
      [['modelPackageGroupName'], config.modelPackageGroupName],
      [['pipelineName'], config.pipelineName],
      [['remoteState', 'bucket'], config.remoteState.bucket],
      [['remoteState', 'dynamodbTable'], config.remoteState.dynamodbTable],
    ];
    for (const [path, name] of scopedNames) {
      if (!name.endsWith(suffix)) {
        context.addIssue({ code: 'custom', path, message: `expected a name ending in "${suffix}", got "${name}"` });
      }
    }
    if (!config.remoteState.key.includes(`/${config.environment}/`)) {
      context.addIssue({
        code: 'custom',
        path: ['remoteState', 'key'],
        message: `expected a key containing "/${config.environment}/", got "${config.remoteState.key}"`,
      });
    }
    const { data, pipeline, models } = config.storage.prefixes;
    const prefixes = [data, pipeline, models];
    if (prefixes.some((prefix, i) => prefixes.some((other, j) => i !== j && other.startsWith(prefix)))) {
      // Overlapping prefixes would let the intermediates' expiry rule delete models.
      context.addIssue({
        code: 'custom',
        path: ['storage', 'prefixes'],
        message: `expected disjoint prefixes, got ${prefixes.join(', ')}`,
      });
    }
  });

export type EnvironmentConfig = z.infer<typeof environmentConfigSchema>;
/** Partial values a caller may override (CLI flags, tests); nested objects merge. */
export type EnvironmentOverrides = {
  [K in keyof EnvironmentConfig]?: EnvironmentConfig[K] extends object
    ? Partial<EnvironmentConfig[K]>
    : EnvironmentConfig[K];
};

/** The defaults: one function so every name derives from the environment the same way. */
function defaultConfig(environment: EnvironmentName): EnvironmentConfig {
  const namePrefix = DEFAULT_NAME_PREFIX;
  return {
    environment,
    region: 'ap-northeast-1',
    namePrefix,
    approverEmail: 'approver@example.com',
    alertEmail: 'approver@example.com',
    modelPackageGroupName: `PowerForecastPackageGroup-${environment}`,
    pipelineName: `PowerForecastPipeline-${environment}`,
    imageDigests: { trainer: null, predictApi: null },
    approvalTokenTtlHours: 72,
    storage: {
      bucketName: defaultBucketName(environment),
      encryption: 'aws:kms',
      prefixes: { data: 'data/', pipeline: 'pipeline/', models: 'models/' },
      intermediateExpirationDays: 14,
      noncurrentVersionExpirationDays: 30,
      abortIncompleteUploadDays: 7,
    },
    endpoint: {
      name: defaultEndpointName(environment),
      memorySizeMb: 2048,
      maxConcurrency: 1,
      configsToKeep: 3,
    },
    lambda: { memorySizeMb: 256, timeoutSeconds: 30, logRetentionDays: 30, deployReservedConcurrency: 1 },
    api: { throttlingRateLimit: 5, throttlingBurstLimit: 10 },
    remoteState: {
      bucket: `${namePrefix}-terraform-state-${environment}`,
      key: `${namePrefix}/${environment}/terraform.tfstate`,
      region: 'ap-northeast-1',
      dynamodbTable: `${namePrefix}-terraform-locks-${environment}`,
    },
  };
}

/** What differs from the defaults per environment (prod keeps more, and uses a KMS key). */
const environmentDifferences: Record<EnvironmentName, EnvironmentOverrides> = {
  dev: {
    storage: { encryption: 'AES256', intermediateExpirationDays: 7, noncurrentVersionExpirationDays: 7 },
    lambda: { logRetentionDays: 14 },
  },
  prod: {
    storage: { encryption: 'aws:kms', intermediateExpirationDays: 30, noncurrentVersionExpirationDays: 90 },
    lambda: { logRetentionDays: 90 },
    api: { throttlingRateLimit: 10, throttlingBurstLimit: 20 },
  },
};

export class InvalidEnvironmentConfigError extends UserInputError {
  readonly kind = 'invalid-environment-config';
  constructor(
    readonly environment: string,
    readonly issues: readonly { path: string; message: string }[],
  ) {
    super(
      `invalid infrastructure config for environment "${environment}":\n${issues.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n')}`,
    );
    this.name = 'InvalidEnvironmentConfigError';
  }
}

function mergeOverrides(base: EnvironmentConfig, overrides: EnvironmentOverrides): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = merged[key];
    const isNested =
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      typeof current === 'object' &&
      current !== null;
    merged[key] = isNested ? { ...current, ...value } : value;
  }
  return merged;
}

/**
 * The validated configuration of one environment: defaults, then the environment's
 * differences, then `overrides`. Throws InvalidEnvironmentConfigError naming every bad field.
 */
export function resolveEnvironmentConfig(environment: string, overrides: EnvironmentOverrides = {}): EnvironmentConfig {
  if (!(environmentNames as readonly string[]).includes(environment)) {
    throw new InvalidEnvironmentConfigError(environment, [
      { path: 'environment', message: `expected one of ${environmentNames.join(', ')}, got "${environment}"` },
    ]);
  }
  const name = environment as EnvironmentName;
  const withDifferences = mergeOverrides(defaultConfig(name), environmentDifferences[name]) as EnvironmentConfig;
  const candidate = mergeOverrides(withDifferences, overrides);
  const parsed = environmentConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new InvalidEnvironmentConfigError(
      environment,
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message })),
    );
  }
  return parsed.data;
}
