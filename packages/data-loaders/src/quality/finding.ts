import { quoteValue } from '../errors.js';
import type { QualityAction, QualityRuleId, QualitySeries } from './rules.js';

/** One thing a rule found, where, and what the run does about it (an entry of quality.json). */
export interface QualityFinding {
  rule: QualityRuleId;
  series: QualitySeries;
  /** The JST day concerned (`YYYY-MM-DD`); null for a file-level finding. */
  date: string | null;
  file: string;
  /** ZIP member, when the file is an archive. */
  member?: string;
  line: number | null;
  /** The offending value as read (at most ~80 characters). */
  value: string | null;
  action: QualityAction;
  message: string;
}

/** What a check returns: the rule's table entry supplies the series, the configuration the action. */
export type Detection = Omit<QualityFinding, 'series' | 'action'>;

interface Place {
  file: string;
  member?: string;
}

export function detection(
  rule: QualityRuleId,
  place: Place,
  at: { date: string | null; line: number | null; value: string | number | null },
  message: string,
): Detection {
  return {
    rule,
    date: at.date,
    file: place.file,
    ...(place.member === undefined ? {} : { member: place.member }),
    line: at.line,
    value: at.value === null ? null : quoteValue(String(at.value)),
    message,
  };
}

/** `file [member m], line n` as messages print it. */
export function findingPlace(finding: Pick<QualityFinding, 'file' | 'member' | 'line'>): string {
  const file = finding.member === undefined ? finding.file : `${finding.file} [member ${finding.member}]`;
  return finding.line === null ? file : `${file}, line ${finding.line}`;
}
