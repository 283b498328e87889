import {
  CreatePipelineCommand,
  DescribePipelineCommand,
  DescribePipelineExecutionCommand,
  ListPipelineExecutionStepsCommand,
  StartPipelineExecutionCommand,
  UpdatePipelineCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { UserInputError } from '@powercast/contracts';
import type { CompiledPipeline } from './compile.js';

/**
 * A SageMaker call that failed; the message carries the operation and the service's own message.
 * SageMaker refusing a request (a definition it rejects, a pipeline or execution that does not
 * exist, missing permissions, throttling past the retries) is for the caller to fix or retry, not a
 * crash of ours: a user-input error, as the trainer has always treated it (exit code 2).
 */
export class SageMakerPipelineError extends UserInputError {
  override readonly name = 'SageMakerPipelineError';
  readonly kind = 'sagemaker-request-failed';
  constructor(
    readonly operation: string,
    readonly serviceErrorName: string,
    serviceMessage: string,
    options?: { cause?: unknown },
  ) {
    super(`${operation} failed: ${serviceErrorName}: ${serviceMessage}`, options);
  }
}

export interface RetryOptions {
  attempts?: number;
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const THROTTLING = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded']);

function isThrottling(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const retryable = (error as { $retryable?: { throttling?: boolean } }).$retryable;
  return THROTTLING.has(error.name) || retryable?.throttling === true;
}

export interface PipelineExecutionStatus {
  executionArn: string;
  status: string;
  failureReason?: string;
  steps: { name: string; status: string; startTime?: string; endTime?: string; failureReason?: string }[];
}

/**
 * CreatePipeline/UpdatePipeline, StartPipelineExecution and status, with throttling retried
 * (exponential back-off on top of the SDK's own retries) and every other error surfaced with the
 * service's message.
 */
export class SageMakerPipelineClient {
  private readonly retry: Required<RetryOptions>;

  constructor(
    private readonly client: SageMakerClient,
    retry: RetryOptions = {},
  ) {
    this.retry = {
      attempts: retry.attempts ?? 5,
      baseDelayMs: retry.baseDelayMs ?? 500,
      sleep: retry.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    };
  }

  /** Creates the pipeline, or updates it when it exists. Returns the pipeline ARN and what was done. */
  async upsert(input: {
    pipelineName: string;
    roleArn: string;
    definition: CompiledPipeline;
    description?: string;
  }): Promise<{ pipelineArn: string; action: 'created' | 'updated' }> {
    const exists = await this.call('DescribePipeline', () =>
      this.client.send(new DescribePipelineCommand({ PipelineName: input.pipelineName })),
    ).then(
      () => true,
      (error: unknown) => {
        if (error instanceof SageMakerPipelineError && error.serviceErrorName === 'ResourceNotFound') return false;
        throw error;
      },
    );
    const common = {
      PipelineName: input.pipelineName,
      PipelineDefinition: JSON.stringify(input.definition),
      RoleArn: input.roleArn,
      ...(input.description === undefined ? {} : { PipelineDescription: input.description }),
    };
    if (exists) {
      const updated = await this.call('UpdatePipeline', () => this.client.send(new UpdatePipelineCommand(common)));
      return { pipelineArn: updated.PipelineArn ?? '', action: 'updated' };
    }
    const created = await this.call('CreatePipeline', () =>
      this.client.send(
        new CreatePipelineCommand({
          ...common,
          PipelineDisplayName: input.pipelineName,
          ClientRequestToken: requestToken(input.pipelineName),
        }),
      ),
    );
    return { pipelineArn: created.PipelineArn ?? '', action: 'created' };
  }

  /** Starts an execution with parameter overrides (values are sent as strings, as the API requires). */
  async start(pipelineName: string, parameters: Record<string, string | number> = {}): Promise<string> {
    const started = await this.call('StartPipelineExecution', () =>
      this.client.send(
        new StartPipelineExecutionCommand({
          PipelineName: pipelineName,
          PipelineParameters: Object.entries(parameters).map(([Name, value]) => ({ Name, Value: String(value) })),
        }),
      ),
    );
    if (started.PipelineExecutionArn === undefined)
      throw new SageMakerPipelineError('StartPipelineExecution', 'MissingArn', 'no execution ARN in the response');
    return started.PipelineExecutionArn;
  }

  async status(executionArn: string): Promise<PipelineExecutionStatus> {
    const execution = await this.call('DescribePipelineExecution', () =>
      this.client.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: executionArn })),
    );
    const steps: PipelineExecutionStatus['steps'] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.call('ListPipelineExecutionSteps', () =>
        this.client.send(
          new ListPipelineExecutionStepsCommand({
            PipelineExecutionArn: executionArn,
            SortOrder: 'Ascending',
            NextToken: nextToken,
          }),
        ),
      );
      for (const step of page.PipelineExecutionSteps ?? []) {
        steps.push({
          name: step.StepName ?? '',
          status: step.StepStatus ?? 'Unknown',
          ...(step.StartTime ? { startTime: step.StartTime.toISOString() } : {}),
          ...(step.EndTime ? { endTime: step.EndTime.toISOString() } : {}),
          ...(step.FailureReason ? { failureReason: step.FailureReason } : {}),
        });
      }
      nextToken = page.NextToken;
    } while (nextToken !== undefined);
    return {
      executionArn,
      status: execution.PipelineExecutionStatus ?? 'Unknown',
      ...(execution.FailureReason ? { failureReason: execution.FailureReason } : {}),
      steps,
    };
  }

  /** Polls `status` until the execution ends (Succeeded, Failed or Stopped). */
  async waitFor(
    executionArn: string,
    options: { intervalMs?: number; onStatus?: (status: PipelineExecutionStatus) => void } = {},
  ): Promise<PipelineExecutionStatus> {
    for (;;) {
      const current = await this.status(executionArn);
      options.onStatus?.(current);
      if (['Succeeded', 'Failed', 'Stopped'].includes(current.status)) return current;
      await this.retry.sleep(options.intervalMs ?? 30_000);
    }
  }

  private async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await send();
      } catch (error) {
        if (isThrottling(error) && attempt < this.retry.attempts) {
          await this.retry.sleep(this.retry.baseDelayMs * 2 ** (attempt - 1));
          continue;
        }
        const name = error instanceof Error ? error.name : 'Error';
        const message = error instanceof Error ? error.message : String(error);
        throw new SageMakerPipelineError(operation, name, message, { cause: error });
      }
    }
  }
}

/** Idempotency token for CreatePipeline: stable per pipeline name and minute, so a retried create is not doubled. */
function requestToken(pipelineName: string): string {
  return `${pipelineName}-${new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '')}`.slice(0, 128);
}
