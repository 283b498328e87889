import { RECENT_DEMAND_WINDOW } from '@powercast/features';
import type { DemandObservation, ForecastRecord, ServedPrediction } from '../domain.js';
import type { TrustedActuals } from '../inputs/trusted-data.js';

/**
 * Which actuals a /predict request is answered with, and what the answer says about them. A
 * caller's `history` applies to its own request only; a request without one borrows the data
 * folder's latest actuals when they end within a week before its first date. Nothing a caller
 * sends is kept.
 */
export interface HistoryReport {
  /** `request`: the caller's own; `trusted-data`: the data folder's latest actuals; `none`. */
  source: 'request' | 'trusted-data' | 'none';
  /** The newest actual of the history used (null with none). */
  asOf: string | null;
  /** Days of history the caller sent (0 without `history`). */
  daysGiven: number;
  /** Days before a record the with-history variant reads (the 28-working-day mean searches this far back). */
  daysNeeded: number;
  /** Set when some record was answered by the weather-and-calendar variant: why. */
  note: string | null;
}

export interface ChosenHistory {
  history: DemandObservation[] | undefined;
  report: Omit<HistoryReport, 'note'>;
}

const DAY_MS = 86_400_000;
const dayNumber = (isoDate: string): number => Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;

const NEEDS =
  `the with-history variant needs the actual of the day before and of 7 days before each record, and at least ` +
  `${RECENT_DEMAND_WINDOW.minimumWorkingDays} working days in the ${RECENT_DEMAND_WINDOW.searchDays} days before it`;

/** The caller's history, else the trusted actuals when they end 1..7 days before the first record. */
export function chooseHistory(
  records: readonly ForecastRecord[],
  given: DemandObservation[] | undefined,
  trusted: TrustedActuals | null,
): ChosenHistory {
  const daysNeeded = RECENT_DEMAND_WINDOW.searchDays;
  if (given !== undefined) {
    const asOf = given.reduce<string | null>(
      (newest, { date }) => (newest === null || date > newest ? date : newest),
      null,
    );
    return { history: given, report: { source: 'request', asOf, daysGiven: given.length, daysNeeded } };
  }
  if (trusted !== null && records.length > 0) {
    const gapDays = Math.min(...records.map((record) => dayNumber(record.date))) - dayNumber(trusted.asOf);
    if (gapDays >= 1 && gapDays <= RECENT_DEMAND_WINDOW.recentDays)
      return {
        history: trusted.observations,
        report: { source: 'trusted-data', asOf: trusted.asOf, daysGiven: 0, daysNeeded },
      };
  }
  return { history: undefined, report: { source: 'none', asOf: null, daysGiven: 0, daysNeeded } };
}

/** The report with the reason the weather-and-calendar variant answered, when it did. */
export function historyReport(
  chosen: ChosenHistory,
  predictions: readonly ServedPrediction[],
  trusted: TrustedActuals | null,
  trustedConfigured: boolean,
): HistoryReport {
  // One pass, no intermediate arrays: this runs on every /predict answer.
  let fallbacks = 0;
  let firstDates = '';
  for (const prediction of predictions) {
    if (prediction.variant !== 'weather-calendar') continue;
    fallbacks += 1;
    if (fallbacks <= 3) firstDates += fallbacks === 1 ? prediction.date : `, ${prediction.date}`;
  }
  if (fallbacks === 0) return withNote(chosen.report, null);
  const which = `${fallbacks} of ${predictions.length} record(s) (${firstDates}${fallbacks > 3 ? ', …' : ''}) answered by the weather-and-calendar variant`;
  const { report } = chosen;
  const why =
    report.source === 'request'
      ? `the history sent gives ${report.daysGiven} day(s)${report.asOf === null ? '' : `, the newest ${report.asOf}`}; ${NEEDS}`
      : report.source === 'trusted-data'
        ? `the service's actuals (as of ${report.asOf}) do not cover the days before those records; ${NEEDS}`
        : !trustedConfigured
          ? 'no history was sent and the service has no trusted actuals (configure --data-dir / POWERCAST_DATA_DIR); send "history"'
          : trusted === null
            ? 'no history was sent and the service has not read its actuals yet; send "history"'
            : `no history was sent and the service's actuals end on ${trusted.asOf}, not 1..${RECENT_DEMAND_WINDOW.recentDays} days before the first record; send "history"`;
  return withNote(report, `${which}: ${why}`);
}

/** The report and its note, without an object spread (this runs on every /predict answer). */
function withNote(report: ChosenHistory['report'], note: string | null): HistoryReport {
  const { source, asOf, daysGiven, daysNeeded } = report;
  return { source, asOf, daysGiven, daysNeeded, note };
}
