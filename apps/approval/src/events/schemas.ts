import { UserInputError } from '@powercast/contracts';
import { z } from 'zod';

/**
 * The event shapes the handlers accept, as documented by AWS ("Events that Amazon SageMaker AI
 * sends to Amazon EventBridge", API Gateway payload formats 1.0 and 2.0). Only the fields used
 * are required; the rest passes through unchecked.
 */

export const modelPackageStateChangeSchema = z.object({
  id: z.string(),
  'detail-type': z.literal('SageMaker Model Package State Change'),
  source: z.literal('aws.sagemaker'),
  detail: z.object({
    ModelPackageGroupName: z.string().min(1),
    ModelPackageVersion: z.number().int().positive().optional(),
    ModelPackageArn: z.string().startsWith('arn:'),
    ModelApprovalStatus: z.string().optional(),
    UpdatedModelPackageFields: z.array(z.string()).optional(),
  }),
});
export type ModelPackageStateChangeEvent = z.infer<typeof modelPackageStateChangeSchema>;

export const endpointStateChangeSchema = z.object({
  id: z.string(),
  'detail-type': z.literal('SageMaker Endpoint State Change'),
  source: z.literal('aws.sagemaker'),
  detail: z.object({
    EndpointName: z.string().min(1),
    EndpointStatus: z.string().min(1),
    EndpointConfigName: z.string().optional(),
    FailureReason: z.string().nullish(),
  }),
});
export type EndpointStateChangeEvent = z.infer<typeof endpointStateChangeSchema>;

const stringMap = z.record(z.string(), z.string()).nullish();

export const httpApiV2EventSchema = z.object({
  version: z.literal('2.0'),
  requestContext: z.object({ http: z.object({ method: z.string() }) }),
  queryStringParameters: stringMap,
  headers: stringMap,
  body: z.string().nullish(),
  isBase64Encoded: z.boolean().optional(),
});

export const restApiV1EventSchema = z.object({
  httpMethod: z.string(),
  queryStringParameters: stringMap,
  headers: stringMap,
  body: z.string().nullish(),
  isBase64Encoded: z.boolean().optional(),
});

/** An event or invocation payload that is not what the handler accepts; names each field. */
export class EventValidationError extends UserInputError {
  override readonly name = 'EventValidationError';
  readonly kind = 'invalid-event';
}

/** Parses or throws an error that names each offending field. */
export function parseEvent<T>(schema: z.ZodType<T>, event: unknown, what: string): T {
  const parsed = schema.safeParse(event);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
  throw new EventValidationError(`not a valid ${what}: ${issues}`);
}
