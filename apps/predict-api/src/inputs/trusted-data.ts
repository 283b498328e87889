import { S3Client } from '@aws-sdk/client-s3';
import {
  loadAsOfInputs,
  loadDailyDataset,
  localDirectorySource,
  s3PrefixSource,
  windowedSource,
  type AsOfInputs,
  type DataSource,
  type DateWindow,
} from '@powercast/data-loaders';
import { describeFinding, inspectSources, validateSources, type QualityFinding } from '@powercast/data-loaders/quality';
import { RECENT_DEMAND_WINDOW } from '@powercast/features';
import type { DemandObservation } from '../domain.js';
import { failing, type RejectedInput } from './input-quality.js';

/** The latest actual daily peaks of the data folder, lent to /predict requests that bring no history. */
export interface TrustedActuals {
  /** Sorted by date; one array per snapshot (the feature package caches its index per array). */
  observations: DemandObservation[];
  /** The newest actual's date: what the lent history is "as of". */
  asOf: string;
  /** The first date of the data folder's daily table (as-of instants before it have nothing to read). */
  firstDate: string;
}

export interface TrustedDataOptions {
  /** A folder laid out like `../shared/data`, or `s3://bucket/prefix`. */
  source: string;
  s3Client?: S3Client;
  /** Reread the actuals at most this often. */
  refreshMs: number;
  log?: (message: string) => void;
  /** Called once per reread whose TEPCO files the quality rules refuse (the metric counter). */
  onRejected?: () => void;
  now?: () => number;
}

/** As-of inputs kept for this many windows (a live service asks for one window all day; a few more for history). */
const CACHED_WINDOWS = 4;

/** How far back from the newest actual the lent history reaches: the lag features' whole look-back. */
const KEEP_DAYS = RECENT_DEMAND_WINDOW.searchDays + RECENT_DEMAND_WINDOW.recentDays;
const DAY_MS = 86_400_000;
const DEMAND_SERIES: ReadonlySet<string> = new Set(['hourly-demand', 'five-minute-demand']);

/**
 * The service's trusted inputs, read from the configured data folder only (never from callers):
 * the as-of inputs of POST /forecast, read for the files near the as-of and kept for `refreshMs`
 * (a few windows at most), and a snapshot of the latest actuals, reread in the background at most
 * every `refreshMs`. A failed reread keeps the previous snapshot; a failed read is not kept. The
 * files behind a snapshot pass the training data-quality rules first: a TEPCO file of the lent
 * window that fails a demand rule set to `fail` (a value outside the physical range, say) refuses
 * the whole reread, and the previous good snapshot (or none: the weather-and-calendar variant)
 * answers, with `rejected()` saying why.
 */
export class TrustedData {
  private snapshot: TrustedActuals | null = null;
  private refused: RejectedInput | null = null;
  private lastAttempt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | null = null;
  private readonly s3Client: S3Client | undefined;
  private readonly inputsByWindow = new Map<
    string,
    { readAt: number; inputs: Promise<AsOfInputs>; refused: Promise<RejectedInput | null> }
  >();

  constructor(private readonly options: TrustedDataOptions) {
    this.s3Client = options.s3Client ?? (options.source.startsWith('s3://') ? new S3Client({}) : undefined);
  }

  /** Where the data is read from: for the log only (no server paths in answers). */
  get uri(): string {
    return this.options.source;
  }

  /** The latest actuals known (null until the first read has finished); starts a reread when one is due. */
  actuals(): TrustedActuals | null {
    if (this.now() - this.lastAttempt >= this.options.refreshMs) void this.refresh();
    return this.snapshot;
  }

  /** The newest reread when the quality rules refused it (cleared by the next good one). */
  rejected(): RejectedInput | null {
    return this.refused;
  }

  /** Reread the actuals now (one read at a time); resolves when done, never rejects. */
  refresh(): Promise<void> {
    this.lastAttempt = this.now();
    this.loading ??= this.readActuals().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  /**
   * What a forecast as of one instant may look at, from the files dated inside `window` (and the
   * undated ones); read again once older than `refreshMs`, as the lent actuals are.
   */
  asOfInputs(window: DateWindow): Promise<AsOfInputs> {
    return this.windowEntry(window).inputs;
  }

  /**
   * The quality rules over the same files as `asOfInputs(window)`: the `fail` findings on their
   * TEPCO actuals (as for the lent actuals), or null when they pass. Read and kept with the inputs.
   */
  asOfRefusal(window: DateWindow): Promise<RejectedInput | null> {
    return this.windowEntry(window).refused;
  }

  private windowEntry(window: DateWindow): {
    readAt: number;
    inputs: Promise<AsOfInputs>;
    refused: Promise<RejectedInput | null>;
  } {
    const key = `${window.from}..${window.to}`;
    const cached = this.inputsByWindow.get(key);
    if (cached !== undefined && this.now() - cached.readAt < this.options.refreshMs) return cached;
    const inputs = loadAsOfInputs({
      source: this.options.source,
      ...(this.s3Client ? { s3Client: this.s3Client } : {}),
      // The night-before series too: TEPCO's announced supply capacity sets the tight-supply outlook.
      window,
    });
    const readAt = this.now();
    const refused = this.demandFailures(window).then((failed) => {
      if (failed.length === 0) return null;
      this.options.onRejected?.();
      this.log(
        `predict-api: the TEPCO files of ${this.options.source} for ${window.from}..${window.to} not used: ` +
          `${failed.length} data-quality finding(s), first ${describeFinding(failed[0]!)}`,
      );
      return { readAt: new Date(readAt).toISOString(), findings: failed };
    });
    const entry = { readAt, inputs, refused };
    this.inputsByWindow.delete(key);
    this.inputsByWindow.set(key, entry);
    for (const oldest of this.inputsByWindow.keys()) {
      if (this.inputsByWindow.size <= CACHED_WINDOWS) break;
      this.inputsByWindow.delete(oldest);
    }
    const forget = (): void => {
      if (this.inputsByWindow.get(key) === entry) this.inputsByWindow.delete(key);
    };
    inputs.catch(forget);
    refused.catch(forget);
    return entry;
  }

  private async readActuals(): Promise<void> {
    try {
      const { table, report } = await loadDailyDataset({
        source: this.options.source,
        ...(this.s3Client ? { s3Client: this.s3Client } : {}),
      });
      const dates = table.array('date') as string[];
      const peaks = table.array('peak_hourly') as (number | null)[];
      const known = dates.flatMap((date, i) => {
        const peak = peaks[i];
        return typeof peak === 'number' && Number.isFinite(peak) ? [{ date, peak }] : [];
      });
      const newest = known.at(-1);
      if (newest === undefined || report.firstDate === null) {
        this.log(`predict-api: the data folder ${this.options.source} holds no actual daily peak; no history is lent`);
        return;
      }
      const oldest = Date.parse(`${newest.date}T00:00:00Z`) - KEEP_DAYS * DAY_MS;
      const observations = known.filter(({ date }) => Date.parse(`${date}T00:00:00Z`) >= oldest);
      const failed = await this.demandFailures({ from: observations[0]!.date, to: newest.date });
      if (failed.length > 0) {
        this.refused = { readAt: new Date(this.now()).toISOString(), findings: failed };
        this.options.onRejected?.();
        this.log(
          `predict-api: the actuals of ${this.options.source} not used: ${failed.length} data-quality finding(s), first ` +
            `${describeFinding(failed[0]!)}` +
            (this.snapshot === null ? '; no history is lent' : ` (keeping those as of ${this.snapshot.asOf})`),
        );
        return;
      }
      this.snapshot = { observations, asOf: newest.date, firstDate: report.firstDate };
      this.refused = null;
    } catch (error) {
      this.log(
        `predict-api: cannot read the actuals of ${this.options.source}: ${(error as Error).message}` +
          (this.snapshot === null ? '' : ` (keeping those as of ${this.snapshot.asOf})`),
      );
    }
  }

  /**
   * The training quality rules over the files dated inside the lent window (and the undated ones):
   * the `fail` findings on demand series, and on any file (encoding damage) that is a TEPCO file.
   * Weather findings do not concern the actuals.
   */
  private async demandFailures(window: DateWindow): Promise<QualityFinding[]> {
    const inspected = await inspectSources({ source: windowedSource(this.dataSource(), window) });
    const report = validateSources({ ...inspected, forecastIssues: [], daily: [] });
    const tepcoFiles = new Set([
      ...inspected.sources.tepcoDaily.map((file) => file.origin.file),
      ...inspected.sources.tepcoYearly.map((file) => file.origin.file),
    ]);
    return failing(report.findings).filter(
      (finding) => DEMAND_SERIES.has(finding.series) || (finding.series === 'file' && tepcoFiles.has(finding.file)),
    );
  }

  private dataSource(): DataSource {
    return this.s3Client === undefined
      ? localDirectorySource(this.options.source)
      : s3PrefixSource(this.options.source, this.s3Client);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private log(message: string): void {
    (this.options.log ?? ((text: string) => console.info(text)))(message);
  }
}
