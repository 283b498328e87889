import type { AlertTransition } from './alert-state.js';
import { NAIVE_BASELINE } from './accuracy.js';
import type { CheckResult } from './checks.js';

/** What the message tells the reader to do when accuracy degrades. */
export const RETRAIN_SUGGESTION =
  'Suggested action: retrain on the latest data (`npx nx run trainer:run`, or start the SageMaker pipeline), ' +
  "compare the new version's evaluation with the deployed one and approve it if it does better.";

/** Subject and body of an accuracy alert being raised or cleared. */
export function accuracyAlertText(transition: AlertTransition): { subject: string; body: string } {
  const { check } = transition;
  const version = check.modelVersion === null ? 'the deployed model' : `model version ${check.modelVersion}`;
  const window = check.window;
  const scope = `window ${window.from}..${window.to}, ${samplesOf(check)} scored day(s)`;
  if (transition.kind === 'raise') {
    return {
      subject: ascii(
        `Powercast alert: ${subjectMetric(check)} outside ${allowedAscii(check)} (${versionAscii(check)})`,
      ),
      body: [
        `${capitalise(check.metric)} of ${version} is ${formatValue(check)}, outside the allowed ${check.allowed}, since ${window.to} (${scope}).`,
        baselines(check),
        RETRAIN_SUGGESTION,
      ].join('\n'),
    };
  }
  return {
    subject: ascii(
      `Powercast cleared: ${subjectMetric(check)} back within ${allowedAscii(check)} (${versionAscii(check)})`,
    ),
    body: [
      `${capitalise(check.metric)} of ${version} is back to ${formatValue(check)}, within the allowed ${check.allowed}, on ${window.to} (${scope}).`,
      `The alert raised on ${transition.alert.raisedAt} (outside since ${transition.alert.since}) is cleared.`,
      baselines(check),
    ].join('\n'),
  };
}

/** The figures a message names, for the log and the console. */
export function checkDetails(check: CheckResult): Record<string, string | number | null> {
  return {
    metric: check.metric,
    value: check.value,
    allowed: check.allowed,
    modelVersion: check.modelVersion,
    windowFrom: check.window.from,
    windowTo: check.window.to,
    samples: samplesOf(check),
    tepcoMapePercent: check.window.tepco.mapePercent,
    naiveMapePercent: check.window.naive.mapePercent,
  };
}

function baselines(check: CheckResult): string {
  const window = check.window;
  const mape = (value: number | null): string => (value === null ? 'not known' : `${value.toFixed(2)} %`);
  return (
    `Same days: model MAPE ${mape(window.mapePercent)}, TEPCO's night-before forecast ${mape(window.tepco.mapePercent)} ` +
    `(${window.tepco.samples} day(s)), naive baseline (${NAIVE_BASELINE}) ${mape(window.naive.mapePercent)}.`
  );
}

function samplesOf(check: CheckResult): number {
  return check.id === 'coverage-28d' ? check.window.coverageSamples : check.window.samples;
}

function formatValue(check: CheckResult): string {
  if (check.value === null) return 'unknown';
  return check.id === 'coverage-28d' ? `${(check.value * 100).toFixed(1)} %` : `${check.value.toFixed(2)} %`;
}

function subjectMetric(check: CheckResult): string {
  return check.id === 'coverage-28d'
    ? `28-day 80% coverage ${formatValue(check).replace(' ', '')}`
    : `28-day MAPE ${formatValue(check).replace(' ', '')}`;
}

function allowedAscii(check: CheckResult): string {
  return check.allowed.replace('≤ ', '<=').replace('–', '-').replace(' %', '%');
}

function versionAscii(check: CheckResult): string {
  return check.modelVersion === null ? 'deployed model' : `model v${check.modelVersion}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** SNS subjects must be ASCII, without line breaks, under 100 characters. */
export function ascii(text: string): string {
  const cleaned = text.replace(/[^\x20-\x7e]/g, '?');
  return cleaned.length < 100 ? cleaned : `${cleaned.slice(0, 96)}...`;
}
