import {
  AlertLog,
  DEFAULT_THRESHOLDS,
  type AlertLogEntry,
  type LedgerSource,
  type MonitoringThresholds,
} from '@powercast/monitoring';
import type { LedgerRow } from '@powercast/contracts';
import type { ModelDocuments } from './model-documents.js';

/** Where the console and the accuracy gauges read from: all trusted, configured sources. */
export interface MonitoringSourcesOptions {
  /** The forecast ledger (the ledger store's reader); without it the console shows no forecasts. */
  ledger?: LedgerSource;
  /** The alert log in the store the monitor writes to; without it no alerts are shown. */
  alerts?: AlertLog;
  /** The deployed version's evaluation and charts; without it the console links none. */
  documents?: ModelDocuments;
  thresholds?: MonitoringThresholds;
  /** Ledger and alert log are reread at most this often (default 30 s): a scrape or a page view is no store read. */
  refreshMs?: number;
  now?: () => number;
}

export interface MonitoringSnapshot {
  rows: LedgerRow[];
  alerts: AlertLogEntry[];
}

export class MonitoringSources {
  readonly thresholds: MonitoringThresholds;
  readonly documents: ModelDocuments | undefined;
  private cached: { at: number; snapshot: Promise<MonitoringSnapshot> } | null = null;

  constructor(private readonly options: MonitoringSourcesOptions) {
    this.thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
    this.documents = options.documents;
  }

  /** The ledger rows and alert log entries, read together and kept for `refreshMs`. */
  snapshot(): Promise<MonitoringSnapshot> {
    const now = (this.options.now ?? Date.now)();
    if (this.cached !== null && now - this.cached.at < (this.options.refreshMs ?? 30_000)) return this.cached.snapshot;
    const snapshot = Promise.all([this.options.ledger?.rows() ?? [], this.options.alerts?.entries() ?? []]).then(
      ([rows, alerts]) => ({ rows, alerts }),
    );
    this.cached = { at: now, snapshot };
    // A failed read is not kept: the next request tries again.
    snapshot.catch(() => {
      if (this.cached?.snapshot === snapshot) this.cached = null;
    });
    return snapshot;
  }
}
