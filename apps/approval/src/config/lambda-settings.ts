import { z } from 'zod';
import { defaultEndpointName, parameterNames, UserInputError, type ParameterNames } from '@powercast/contracts';

/**
 * Lambda configuration from environment variables (set by the infra project), validated once per
 * cold start. Defaults repeat the reference system and `powercast.config.yaml` where they overlap.
 */
const csv = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0),
);

export const lambdaEnvironmentSchema = z.object({
  POWERCAST_ENV: z.enum(['dev', 'prod']).default('dev'),
  MODEL_PACKAGE_GROUP: z.string().min(1).default('PowerForecastPackageGroup'),
  /** SSM SecureString holding the token signing secret (at least 32 bytes). Default: /power-forecasting/<env>/approval/token-secret. */
  APPROVAL_SECRET_PARAMETER: z.string().startsWith('/').optional(),
  /** The decide endpoint URL the email links point at, e.g. https://abc.execute-api.ap-northeast-1.amazonaws.com/approval. */
  APPROVAL_URL: z.url().optional(),
  APPROVER_EMAILS: csv.pipe(z.array(z.email())).optional(),
  SENDER_EMAIL: z.email().optional(),
  MSE_THRESHOLD: z.coerce.number().positive().default(40_000),
  TOKEN_TTL_HOURS: z.coerce
    .number()
    .int()
    .positive()
    .max(24 * 30)
    .default(72),
  ENDPOINT_NAME: z
    .string()
    .regex(
      /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,39}$/,
      'endpoint names are 1-40 alphanumerics and hyphens here (suffixes are added)',
    )
    .optional(),
  SAGEMAKER_EXECUTION_ROLE_ARN: z.string().startsWith('arn:').optional(),
  /** Serverless memory: 1024-6144 MB in 1 GB steps. */
  SERVERLESS_MEMORY_SIZE_MB: z.coerce.number().int().min(1024).max(6144).multipleOf(1024).default(2048),
  SERVERLESS_MAX_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(1),
  ENDPOINT_CONFIGS_TO_KEEP: z.coerce.number().int().min(2).default(3),
  /** SNS topic for deployment failures. */
  FAILURE_TOPIC_ARN: z.string().startsWith('arn:').optional(),
});

export interface LambdaSettings {
  environment: 'dev' | 'prod';
  group: string;
  secretParameter: string;
  approvalUrl?: string;
  approverEmails: string[];
  senderEmail?: string;
  mseThreshold: number;
  tokenTtlSeconds: number;
  endpointName: string;
  executionRoleArn?: string;
  memorySizeMb: number;
  maxConcurrency: number;
  endpointConfigsToKeep: number;
  failureTopicArn?: string;
  names: ParameterNames;
}

/** The Lambda's environment (set by infra) is missing or invalid; names the variable. */
export class SettingsError extends UserInputError {
  override readonly name = 'SettingsError';
  readonly kind = 'invalid-lambda-settings';
}

export function readLambdaSettings(env: Record<string, string | undefined>): LambdaSettings {
  const parsed = lambdaEnvironmentSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new SettingsError(`invalid Lambda environment: ${issues}`);
  }
  const e = parsed.data;
  const names = parameterNames(e.POWERCAST_ENV);
  return {
    environment: e.POWERCAST_ENV,
    group: e.MODEL_PACKAGE_GROUP,
    secretParameter: e.APPROVAL_SECRET_PARAMETER ?? names.approvalSecret,
    ...(e.APPROVAL_URL ? { approvalUrl: e.APPROVAL_URL } : {}),
    approverEmails: e.APPROVER_EMAILS ?? [],
    ...(e.SENDER_EMAIL ? { senderEmail: e.SENDER_EMAIL } : {}),
    mseThreshold: e.MSE_THRESHOLD,
    tokenTtlSeconds: e.TOKEN_TTL_HOURS * 3600,
    endpointName: e.ENDPOINT_NAME ?? defaultEndpointName(e.POWERCAST_ENV),
    ...(e.SAGEMAKER_EXECUTION_ROLE_ARN ? { executionRoleArn: e.SAGEMAKER_EXECUTION_ROLE_ARN } : {}),
    memorySizeMb: e.SERVERLESS_MEMORY_SIZE_MB,
    maxConcurrency: e.SERVERLESS_MAX_CONCURRENCY,
    endpointConfigsToKeep: e.ENDPOINT_CONFIGS_TO_KEEP,
    ...(e.FAILURE_TOPIC_ARN ? { failureTopicArn: e.FAILURE_TOPIC_ARN } : {}),
    names,
  };
}

/** Narrows an optional setting a handler cannot run without. */
export function required<T>(value: T | undefined, variable: string): T {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) {
    throw new SettingsError(`environment variable ${variable} must be set for this handler`);
  }
  return value;
}
