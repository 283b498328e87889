import { RECENT_DEMAND_WINDOW } from '@powercast/features';
import type { DemandObservation, ForecastRecord } from '../domain.js';

const DAY_MS = 86_400_000;

function dayNumber(isoDate: string): number {
  return Date.UTC(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10))) / DAY_MS;
}

/**
 * The latest actual daily peaks the service has been told (through requests' `history`). A
 * request without history gets them when they are recent enough for its dates — the newest
 * actual no more than `RECENT_DEMAND_WINDOW.recentDays` before its earliest date — so callers that
 * sent yesterday's actual once keep getting the day-ahead (with-history) variant.
 */
export class RecentActuals {
  private readonly peaksByDate = new Map<string, number>();
  /** One array per state of the map: the feature package caches its index per array. */
  private snapshot: DemandObservation[] = [];
  private newestDay = Number.NEGATIVE_INFINITY;

  /** @param keepDays how far back from the newest actual to remember (the lag features look back 56 days). */
  constructor(private readonly keepDays = RECENT_DEMAND_WINDOW.searchDays + RECENT_DEMAND_WINDOW.recentDays) {}

  remember(history: readonly DemandObservation[]): void {
    let changed = false;
    for (const observation of history) {
      if (this.peaksByDate.get(observation.date) === observation.peak) continue;
      this.peaksByDate.set(observation.date, observation.peak);
      this.newestDay = Math.max(this.newestDay, dayNumber(observation.date));
      changed = true;
    }
    if (!changed) return;
    for (const date of this.peaksByDate.keys()) {
      if (this.newestDay - dayNumber(date) > this.keepDays) this.peaksByDate.delete(date);
    }
    this.snapshot = [...this.peaksByDate]
      .map(([date, peak]) => ({ date, peak }))
      .sort((a, b) => (a.date < b.date ? -1 : 1));
  }

  /** The remembered actuals when they reach close enough to the records' dates, else undefined. */
  forRecords(records: readonly ForecastRecord[]): DemandObservation[] | undefined {
    if (this.snapshot.length === 0 || records.length === 0) return undefined;
    const earliestDay = Math.min(...records.map((record) => dayNumber(record.date)));
    const gapDays = earliestDay - this.newestDay;
    return gapDays >= 1 && gapDays <= RECENT_DEMAND_WINDOW.recentDays ? this.snapshot : undefined;
  }
}
