import { loadJmaForecasts, type ForecastIssueRow } from '@powercast/data-loaders';

/** The last JMA forecast fetched and read without error. */
export interface FetchedForecast {
  rows: ForecastIssueRow[];
  /** When it was fetched (ISO 8601, UTC). */
  fetchedAt: string;
  /** The newest `reportDatetime` it holds. */
  issuedAt: string | null;
}

export interface JmaForecastFeedOptions {
  /** JMA's live 130000.json (https://www.jma.go.jp/bosai/forecast/data/forecast/130000.json). */
  url: string;
  /** Fetch at most this often. */
  refreshMs: number;
  /** Per fetch (default 10 s). */
  timeoutMs?: number;
  log?: (message: string) => void;
  now?: () => number;
}

/**
 * JMA's live Tokyo forecast, fetched from a configured URL (never from a caller), kept in memory
 * and refetched at most every `refreshMs`. A fetch or a file that fails to read keeps the previous
 * good copy; POST /forecast then still answers from it (and refuses it once it is 36 h stale).
 */
export class JmaForecastFeed {
  private good: FetchedForecast | null = null;
  private lastError: string | null = null;
  private lastAttempt = Number.NEGATIVE_INFINITY;
  private fetching: Promise<void> | null = null;

  constructor(private readonly options: JmaForecastFeedOptions) {}

  get url(): string {
    return this.options.url;
  }

  /** The last good copy, after a refetch when one is due (waits for it, bounded by the timeout). */
  async latest(): Promise<{ forecast: FetchedForecast | null; lastError: string | null }> {
    if (this.now() - this.lastAttempt >= this.options.refreshMs) await this.refresh();
    else if (this.fetching !== null) await this.fetching;
    return { forecast: this.good, lastError: this.lastError };
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
    try {
      const { rows, report } = await loadJmaForecasts({
        source: this.options.url,
        timeoutMs: this.options.timeoutMs ?? 10_000,
      });
      this.good = { rows, fetchedAt: new Date(this.now()).toISOString(), issuedAt: report.lastIssuedAt };
      this.lastError = null;
    } catch (error) {
      this.lastError = (error as Error).message;
      const log = this.options.log ?? ((message: string) => console.info(message));
      log(
        `predict-api: cannot fetch JMA's forecast from ${this.options.url}: ${this.lastError}` +
          (this.good === null ? '' : ` (keeping the copy fetched ${this.good.fetchedAt})`),
      );
    }
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
