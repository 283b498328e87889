import type { ArtifactStore } from '@powercast/aws-pipeline';
import type { LedgerForecast, LedgerRow, LedgerScore } from '@powercast/contracts';
import type { CliIo } from '@powercast/contracts/cli';
import type { AsOfForecast } from '@powercast/model';
import type { AlertNotifier, MonitoringConfig } from '@powercast/monitoring';

const HOUR_MS = 3_600_000;
const JST_OFFSET_MS = 9 * HOUR_MS;
/** The daily issue: 18:00 JST, when JMA's 17:00 issue and the day's demand through 17:00 are in. */
export const DAILY_ISSUE_TIME = '18:00';

/** The JST calendar date of an instant. */
export function jstDate(instant: string | number): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  return new Date(ms + JST_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 24 * HOUR_MS).toISOString().slice(0, 10);
}

/**
 * The issue a run at `now` belongs to: today's 18:00 JST once it has passed, else yesterday's. Every
 * run of one day keys its records to the same instant, which is what makes a second run write nothing.
 */
export function issueSlotAt(now: Date): string {
  const today = jstDate(now.getTime());
  const slot = `${today}T${DAILY_ISSUE_TIME}:00+09:00`;
  return Date.parse(slot) <= now.getTime() ? slot : `${addDays(today, -1)}T${DAILY_ISSUE_TIME}:00+09:00`;
}

/** The ledger records of one forecast: one per day, keyed by its issue time and the model version. Pure. */
export function ledgerForecastsOf(
  forecast: AsOfForecast,
  modelVersion: string,
  qualityFlags: readonly string[],
): LedgerForecast[] {
  return forecast.days.map((day) => {
    // Null until the model carries quantiles (issue #15); the ledger then records its band.
    const { interval } = day;
    return {
      targetDate: day.date,
      issuedAt: forecast.asOf,
      modelVersion,
      lead: day.leadDays,
      point: day.peakManKw,
      p10: interval?.p10 ?? null,
      p50: interval?.p50 ?? null,
      p90: interval?.p90 ?? null,
      variant: day.variant,
      weatherIssue: day.jmaIssuedAt,
      qualityFlags: [...qualityFlags],
    };
  });
}

/** What scoring may look at: the observed peaks and TEPCO's night-before forecasts, by date. */
export interface Observations {
  actualByDate: ReadonlyMap<string, number>;
  tepcoByDate: ReadonlyMap<string, number>;
}

/**
 * Scores of the unscored forecasts whose target day is over by `issuedAt` (target before its JST
 * date) and whose actual is in `observations`. Nothing after the issue is read: a later actual
 * waits for a later run. Pure.
 */
export function scoresDue(
  rows: readonly LedgerRow[],
  observations: Observations,
  issuedAt: string,
  scoredAt: string,
): LedgerScore[] {
  const today = jstDate(issuedAt);
  return rows.flatMap((row): LedgerScore[] => {
    if (row.scoredAt !== null || row.targetDate >= today) return [];
    const actual = observations.actualByDate.get(row.targetDate);
    if (actual === undefined) return [];
    return [
      {
        targetDate: row.targetDate,
        issuedAt: row.issuedAt,
        modelVersion: row.modelVersion,
        actual,
        tepcoForecast: observations.tepcoByDate.get(row.targetDate) ?? null,
        scoredAt,
      },
    ];
  });
}

/** The rows with their new scores applied (what a reader of the ledger sees after the writes). Pure. */
export function withScores(rows: readonly LedgerRow[], scores: readonly LedgerScore[]): LedgerRow[] {
  const byKey = new Map(scores.map((score) => [`${score.targetDate} ${score.issuedAt} ${score.modelVersion}`, score]));
  return rows.map((row) => {
    const score = byKey.get(`${row.targetDate} ${row.issuedAt} ${row.modelVersion}`);
    if (score === undefined || row.scoredAt !== null) return row;
    return {
      ...row,
      actual: score.actual,
      tepcoForecast: score.tepcoForecast,
      error: row.point - score.actual,
      scoredAt: score.scoredAt,
    };
  });
}

export interface AfterScoringContext {
  store: ArtifactStore;
  io: Pick<CliIo, 'out'>;
  /** The issue this run scored at. */
  issuedAt: string;
  /** The rows this run scored (a subset of `rows`). */
  scored: readonly LedgerRow[];
  /** The deployed version judged; null (a backfill's monthly models) judges each date's latest issue. */
  modelVersion: string | null;
  /** The days to judge, oldest first (a backfill replays each); default the newest scored day. */
  judgeDates?: readonly string[];
  /** Where alerts go instead of the store's outbox (SNS on AWS). */
  notifiers?: readonly AlertNotifier[];
  /** Thresholds, clear margins and windows (the config's `monitoring:` section); default the package's. */
  monitoring?: MonitoringConfig;
}

/**
 * Runs after every daily run's scoring with the ledger's rows as scoring left them: where accuracy
 * monitoring and alerts plug in (issue #16 item 3). Today it prints the new scores' accuracy.
 */
export async function afterScoring(rows: readonly LedgerRow[], context: AfterScoringContext): Promise<void> {
  const { scored, io, store } = context;
  if (scored.length > 0) {
    const errors = scored.map((row) => Math.abs(row.error!) / row.actual!);
    const mape = (100 * errors.reduce((sum, value) => sum + value, 0)) / errors.length;
    const dates = scored.map((row) => row.targetDate).sort();
    io.out(
      `scored ${scored.length} forecasts of ${dates[0]}..${dates.at(-1)}: MAPE ${mape.toFixed(2)} % ` +
        `(${rows.filter((row) => row.scoredAt !== null).length} of ${rows.length} ledger rows read scored)`,
    );
  }
  // Rolling accuracy against the thresholds: one alert per crossing, kept in the store's alert log.
  const { checkAccuracy, OutboxNotifier } = await import('@powercast/monitoring');
  const notifiers = context.notifiers?.length ? context.notifiers : [new OutboxNotifier(store)];
  let run: Awaited<ReturnType<typeof checkAccuracy>> | undefined;
  for (const asOf of context.judgeDates ?? [undefined]) {
    run = await checkAccuracy({
      ledger: { rows: async () => [...rows] },
      store,
      notifiers,
      modelVersion: context.modelVersion,
      ...(asOf === undefined ? {} : { asOf }),
      ...(context.monitoring === undefined
        ? {}
        : {
            thresholds: context.monitoring.thresholds,
            clearMargins: context.monitoring.clearMargins,
            windowDays: context.monitoring.windowDays,
          }),
    });
    for (const event of [...run.raised, ...run.cleared]) io.out(`alert ${event.kind}: ${event.subject}`);
  }
  if (run === undefined) return;
  io.out(
    run.open.length === 0
      ? 'accuracy alerts: none open'
      : `accuracy alerts open: ${run.open.map((alert) => alert.check).join(', ')} (messages in ${store.uriOf('outbox')})`,
  );
}
