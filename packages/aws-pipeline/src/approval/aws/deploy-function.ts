import { z } from 'zod';
import type { DeploymentStart } from '../decision-ports.js';

/**
 * The deploy function's contract, in one place: the request it accepts (a direct invocation of
 * `powercast-deploy-<env>`, parsed by its handler) and the answer it returns, read by whoever invokes it
 * (`trainer:models -- deploy|rollback --registry sagemaker`).
 */

/** Strict: a field the handler does not read (a "force", a version) is refused by name, never ignored. */
export const deployRequestSchema = z.strictObject({
  modelPackageArn: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\d{12}:model-package\/.+\/\d+$/,
      'expected a versioned model package ARN',
    ),
});
export type DeployRequest = z.infer<typeof deployRequestSchema>;

export const deploymentStartSchema = z.object({
  endpointName: z.string().min(1),
  mode: z.enum(['create', 'update', 'local', 'already-in-progress']),
  endpointConfigName: z.string().optional(),
  modelName: z.string().optional(),
}) satisfies z.ZodType<DeploymentStart>;

/** What Lambda returns as the payload when the handler threw (FunctionError "Unhandled"). */
const functionErrorPayloadSchema = z.object({ errorType: z.string(), errorMessage: z.string() });

/** The deploy function answered with an error (the handler refused or failed) or with something else than a start. */
export class DeployFunctionError extends Error {
  override readonly name = 'DeployFunctionError';
  constructor(
    readonly functionName: string,
    readonly errorType: string,
    readonly errorMessage: string,
  ) {
    super(`${functionName} answered ${errorType}: ${errorMessage}`);
  }
}

/**
 * The deploy function's answer to a RequestResponse invocation: the deployment it started, or
 * DeployFunctionError naming what the handler threw (`functionError` is Lambda's FunctionError field).
 */
export function deployFunctionAnswer(
  functionName: string,
  functionError: string | undefined,
  payload: string,
): DeploymentStart {
  const quoted = payload.length > 80 ? `${payload.slice(0, 77)}…` : payload;
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    json = undefined;
  }
  if (functionError !== undefined) {
    const error = functionErrorPayloadSchema.safeParse(json);
    if (error.success) throw new DeployFunctionError(functionName, error.data.errorType, error.data.errorMessage);
    throw new DeployFunctionError(functionName, functionError, quoted || '(no payload)');
  }
  const start = deploymentStartSchema.safeParse(json);
  if (!start.success)
    throw new DeployFunctionError(
      functionName,
      'UnexpectedAnswer',
      `expected the deployment it started ({"endpointName": …, "mode": …}), got ${quoted || '(no payload)'}`,
    );
  return start.data;
}
