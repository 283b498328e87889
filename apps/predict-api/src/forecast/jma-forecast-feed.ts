import { loadJmaForecasts, type ForecastIssueRow } from '@powercast/data-loaders';
import { describeFinding, validateForecastIssues, type QualityFinding } from '@powercast/data-loaders/quality';
import { failing, type RejectedInput } from '../inputs/input-quality.js';

/** The last JMA forecast fetched and read without error. */
export interface FetchedForecast {
  rows: ForecastIssueRow[];
  /** When it was fetched (ISO 8601, UTC). */
  fetchedAt: string;
  /** The newest `reportDatetime` it holds. */
  issuedAt: string | null;
  /** What the data-quality rules found in it that does not stop it being used (warnings). */
  warnings: QualityFinding[];
}

/** What `latest()` answers: the good copy, why the last fetch failed, and a newer copy refused by the quality rules. */
export interface FeedState {
  forecast: FetchedForecast | null;
  lastError: string | null;
  /** The newest fetched copy when it failed validation (cleared by the next good one). */
  rejected: RejectedInput | null;
}

export interface JmaForecastFeedOptions {
  /** JMA's live 130000.json (https://www.jma.go.jp/bosai/forecast/data/forecast/130000.json). */
  url: string;
  /** Fetch at most this often. */
  refreshMs: number;
  /** Per fetch (default 10 s). */
  timeoutMs?: number;
  log?: (message: string) => void;
  /** Called once per fetched copy the quality rules refuse (the metric counter). */
  onRejected?: () => void;
  now?: () => number;
}

/**
 * JMA's live Tokyo forecast, fetched from a configured URL (never from a caller), kept in memory
 * and refetched at most every `refreshMs`. A fetch or a file that fails to read keeps the previous
 * good copy; POST /forecast then still answers from it (and refuses it once it is 36 h stale). A
 * copy that reads but fails the data-quality rules on JMA's issues (`validateForecastIssues`: a
 * temperature outside Tokyo's physical range) is not used either: the previous good issue answers
 * and the answer says so.
 */
export class JmaForecastFeed {
  private good: FetchedForecast | null = null;
  private lastError: string | null = null;
  private rejected: RejectedInput | null = null;
  private lastAttempt = Number.NEGATIVE_INFINITY;
  private fetching: Promise<void> | null = null;

  constructor(private readonly options: JmaForecastFeedOptions) {}

  get url(): string {
    return this.options.url;
  }

  /** The last good copy, after a refetch when one is due (waits for it, bounded by the timeout). */
  async latest(): Promise<FeedState> {
    if (this.now() - this.lastAttempt >= this.options.refreshMs) await this.refresh();
    else if (this.fetching !== null) await this.fetching;
    return { forecast: this.good, lastError: this.lastError, rejected: this.rejected };
  }

  /** Fetch now (one fetch at a time); never rejects. */
  refresh(): Promise<void> {
    this.lastAttempt = this.now();
    this.fetching ??= this.fetch().finally(() => {
      this.fetching = null;
    });
    return this.fetching;
  }

  private async fetch(): Promise<void> {
    const log = this.options.log ?? ((message: string) => console.info(message));
    const keeping = (): string => (this.good === null ? '' : ` (keeping the copy fetched ${this.good.fetchedAt})`);
    try {
      const { rows, report } = await loadJmaForecasts({
        source: this.options.url,
        timeoutMs: this.options.timeoutMs ?? 10_000,
      });
      const fetchedAt = new Date(this.now()).toISOString();
      const findings = validateForecastIssues(rows, this.options.url);
      const failed = failing(findings);
      if (failed.length > 0) {
        this.rejected = { readAt: fetchedAt, findings: failed };
        this.lastError = `the copy fetched at ${fetchedAt} failed ${failed.length} data-quality check(s): ${describeFinding(failed[0]!)}`;
        this.options.onRejected?.();
        log(`predict-api: JMA's forecast from ${this.options.url} not used: ${this.lastError}${keeping()}`);
        return;
      }
      this.good = { rows, fetchedAt, issuedAt: report.lastIssuedAt, warnings: findings };
      this.rejected = null;
      this.lastError = null;
    } catch (error) {
      this.lastError = (error as Error).message;
      log(`predict-api: cannot fetch JMA's forecast from ${this.options.url}: ${this.lastError}${keeping()}`);
    }
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
