import type { EnvironmentConfig } from '../config/environment-config.js';

/** An EventBridge pattern: every leaf is the list of accepted values. */
export interface EventPattern {
  source: string[];
  'detail-type': string[];
  detail: Record<string, string[]>;
}

/**
 * The SageMaker events the approval flow reacts to, with the `detail-type` strings and detail
 * fields of "Events that Amazon SageMaker sends to Amazon EventBridge" (SageMaker developer
 * guide). Endpoint events spell the status `IN_SERVICE`/`FAILED` (unlike DescribeEndpoint's
 * `InService`/`Failed`); pipeline events use `currentPipelineExecutionStatus`.
 */
export const sagemakerDetailTypes = {
  modelPackage: 'SageMaker Model Package State Change',
  endpoint: 'SageMaker Endpoint State Change',
  pipelineExecution: 'SageMaker Model Building Pipeline Execution Status Change',
} as const;

/** A package registered (or changed) in our group while it waits for approval. */
export function modelPackagePendingPattern(config: EnvironmentConfig): EventPattern {
  return {
    source: ['aws.sagemaker'],
    'detail-type': [sagemakerDetailTypes.modelPackage],
    detail: { ModelPackageGroupName: [config.modelPackageGroupName], ModelApprovalStatus: ['PendingManualApproval'] },
  };
}

/** Our endpoint became usable, or failed to. */
export function endpointStateChangePattern(config: EnvironmentConfig): EventPattern {
  return {
    source: ['aws.sagemaker'],
    'detail-type': [sagemakerDetailTypes.endpoint],
    detail: { EndpointName: [config.endpoint.name], EndpointStatus: ['IN_SERVICE', 'FAILED'] },
  };
}

/** An execution of our pipeline failed (`pipelineArn`: the pipeline resource's ARN, as SageMaker reports it). */
export function pipelineFailedPattern(pipelineArn: string): EventPattern {
  return {
    source: ['aws.sagemaker'],
    'detail-type': [sagemakerDetailTypes.pipelineExecution],
    detail: { pipelineArn: [pipelineArn], currentPipelineExecutionStatus: ['Failed'] },
  };
}
