import type { QualityFinding } from '@powercast/data-loaders/quality';

/**
 * What the data-quality rules said about the trusted or live inputs behind one answer. `ok`: the
 * inputs used passed (`findings` then lists their warnings); `fallback`: the newest copy failed a
 * rule set to `fail`, was not used, and `findings` says why; `used` names what answered instead.
 */
export interface InputQuality {
  status: 'ok' | 'fallback';
  findings: QualityFinding[];
  used: QualityUsed;
  /** One sentence for people: what was refused and what answered. */
  detail: string;
}

/**
 * `request` the caller's own input; `trusted-data` the data folder's latest actuals; `live-feed`
 * JMA's latest fetched forecast; `archive` the data folder's JMA archive; `previous-good-actuals` /
 * `previous-good-issue` the copy read before the one refused; `weather-calendar` no actuals at all,
 * so the weather-and-calendar variant answered; `none` nothing trusted was involved.
 */
export type QualityUsed =
  | 'request'
  | 'trusted-data'
  | 'live-feed'
  | 'archive'
  | 'previous-good-actuals'
  | 'previous-good-issue'
  | 'weather-calendar'
  | 'none';

export const QUALITY_USED: readonly QualityUsed[] = [
  'request',
  'trusted-data',
  'live-feed',
  'archive',
  'previous-good-actuals',
  'previous-good-issue',
  'weather-calendar',
  'none',
];

/** A refused copy of a trusted or live input: when it was read and the `fail` findings that refused it. */
export interface RejectedInput {
  readAt: string;
  findings: QualityFinding[];
}

/** Findings quoted in one answer (the log has every one). */
export const MAX_ANSWER_FINDINGS = 10;

/** The findings that keep a copy from being used: those of rules whose action is `fail`. */
export function failing(findings: readonly QualityFinding[]): QualityFinding[] {
  return findings.filter((finding) => finding.action === 'fail');
}

/** The answer of every request whose inputs passed without a warning, built once (it is on every /predict answer). */
const PASSED = new Map(
  QUALITY_USED.map((used) => [
    used,
    Object.freeze({
      status: 'ok',
      findings: Object.freeze([]) as unknown as QualityFinding[],
      used,
      detail: 'the inputs used passed the data-quality rules',
    } as const),
  ]),
);

export function okQuality(used: QualityUsed, warnings: readonly QualityFinding[] = []): InputQuality {
  if (warnings.length === 0) return PASSED.get(used)!;
  return {
    status: 'ok',
    findings: warnings.slice(0, MAX_ANSWER_FINDINGS),
    used,
    detail: warningDetail(warnings),
  };
}

export function fallbackQuality(
  rejected: RejectedInput,
  what: string,
  used: QualityUsed,
  instead: string,
): InputQuality {
  const count = rejected.findings.length;
  const first = rejected.findings[0];
  return {
    status: 'fallback',
    findings: rejected.findings.slice(0, MAX_ANSWER_FINDINGS),
    used,
    detail:
      `${what} read at ${rejected.readAt} failed the data-quality rules (${count} finding(s)` +
      `${first === undefined ? '' : `; first: rule ${first.rule}, ${first.message}`}) and was not used; ${instead}`,
  };
}

function warningDetail(warnings: readonly QualityFinding[]): string {
  const rules = [...new Set(warnings.map((finding) => finding.rule))].join(', ');
  return `the inputs used passed the data-quality rules, with ${warnings.length} warning(s) (${rules})`;
}

/**
 * /predict's quality report: the caller's own history never depends on the data folder; a request
 * that would borrow the data folder's actuals while their newest reread was refused is answered
 * from the snapshot before it (`previous-good-actuals`) or, with none, without history
 * (`weather-calendar`).
 */
export function predictQuality(
  historySource: 'request' | 'trusted-data' | 'none',
  lentAsOf: string | null,
  rejected: RejectedInput | null,
): InputQuality {
  if (rejected === null || historySource === 'request') return okQuality(historySource);
  const what = "the data folder's TEPCO actuals";
  return historySource === 'trusted-data'
    ? fallbackQuality(rejected, what, 'previous-good-actuals', `the actuals read before (as of ${lentAsOf}) answered`)
    : fallbackQuality(
        rejected,
        what,
        'weather-calendar',
        'no actuals were lent: the weather-and-calendar variant answered',
      );
}
