import type { RunRecord } from '@powercast/contracts';
import { ascii } from './alert-message.js';
import { AlertLog, type AlertEvent, type AlertStore } from './alert-log.js';
import { deliver } from './monitor.js';
import type { AlertNotifier } from './notifier.js';

export const PIPELINE_FAILURE_CHECK = 'pipeline-failure';

export interface PipelineFailureAlertOptions {
  store: AlertStore;
  notifiers: readonly AlertNotifier[];
  now?: () => Date;
}

/**
 * What the pipeline runner calls when a run ends `Failed` (a step threw) or `Stopped` (a Fail step
 * ran, e.g. the model missed its quality threshold): one alert per run, keyed by the run id, so a
 * runner that reports twice sends once. Runs that succeeded are ignored.
 */
export function pipelineFailureAlerter(
  options: PipelineFailureAlertOptions,
): (record: RunRecord) => Promise<AlertEvent | null> {
  const log = new AlertLog(options.store);
  const now = options.now ?? (() => new Date());
  return async (record) => {
    if (record.status !== 'Failed' && record.status !== 'Stopped') return null;
    const event = pipelineFailureEvent(record, now());
    if (!(await log.append(event))) return null;
    await deliver(log, options.notifiers, event);
    return event;
  };
}

export function pipelineFailureEvent(record: RunRecord, at: Date): AlertEvent {
  const step =
    record.steps.find((candidate) => candidate.status === 'Failed') ??
    record.steps.find((candidate) => candidate.type === 'Fail' && candidate.status === 'Succeeded');
  const stepName = step?.name ?? '(unknown step)';
  const what = record.status === 'Failed' ? 'failed' : 'was stopped by its Fail step';
  const since = step?.endedAt ?? record.endedAt ?? at.toISOString();
  const reason = record.reason ?? step?.error ?? 'no reason recorded';
  return {
    kind: 'raised',
    source: 'pipeline',
    check: PIPELINE_FAILURE_CHECK,
    episode: record.runId,
    since,
    at: at.toISOString(),
    subject: ascii(`Powercast alert: pipeline run ${record.runId} ${record.status.toLowerCase()} at ${stepName}`),
    body: [
      `Pipeline ${record.pipeline} run ${record.runId} ${what} at step ${stepName} (since ${since}): ${reason}`,
      ...(step?.logUri ? [`Step log: ${step.logUri}`] : []),
      'No new model version was registered by this run; the deployed model keeps serving. ' +
        'Fix the cause and run the pipeline again to retrain (`npx nx run trainer:run`).',
    ].join('\n'),
    details: { runId: record.runId, pipeline: record.pipeline, status: record.status, step: stepName, reason },
  };
}
