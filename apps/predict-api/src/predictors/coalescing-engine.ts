import type { DemandObservation, ForecastRecord } from '../domain.js';
import type { ForecastEngine } from './local-model.js';

type Forecasts = ReturnType<ForecastEngine['predict']>;

interface PendingCall {
  records: ForecastRecord[];
  history: DemandObservation[] | undefined;
  days: number[];
  resolve: (forecasts: Forecasts) => void;
  reject: (error: unknown) => void;
}

const DAY_MS = 86_400_000;
/** The days whose weather a record's previous-day features read (before) or that read its own (after). */
const NEIGHBOUR_DAYS = [-2, -1, 1, 2] as const;
const dayNumber = (isoDate: string): number => Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;

/**
 * Coalesces the predict calls made during one turn of the event loop into as few model calls as
 * possible: the feature transform and tree evaluation have a fixed cost per call that a batch
 * shares. Only calls whose answers cannot change by being batched go together:
 * - the same `history` array (lag features come from it), and
 * - no record of one call one or two days after a record of another call (the previous-day
 *   weather features look those days up among the records of the same model call).
 * If a batched call throws, its calls are retried one by one so each gets its own answer or error.
 */
export class CoalescingEngine {
  private pending: PendingCall[] = [];
  private scheduled = false;

  constructor(
    private readonly engine: ForecastEngine,
    private readonly maxBatchRecords = 1000,
  ) {}

  predict(records: ForecastRecord[], history?: DemandObservation[]): Promise<Forecasts> {
    return new Promise((resolve, reject) => {
      this.pending.push({ records, history, days: records.map((record) => dayNumber(record.date)), resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const calls = this.pending;
    this.pending = [];
    this.scheduled = false;
    for (const batch of groupCompatible(calls, this.maxBatchRecords)) this.run(batch);
  }

  private run(batch: PendingCall[]): void {
    if (batch.length === 1) {
      const [call] = batch as [PendingCall];
      try {
        call.resolve(this.engine.predict(call.records, call.history));
      } catch (error) {
        call.reject(error);
      }
      return;
    }
    let forecasts: Forecasts;
    try {
      forecasts = this.engine.predict(
        batch.flatMap((call) => call.records),
        batch[0]?.history,
      );
    } catch {
      for (const call of batch) this.run([call]);
      return;
    }
    let offset = 0;
    for (const call of batch) {
      call.resolve(forecasts.slice(offset, offset + call.records.length));
      offset += call.records.length;
    }
  }
}

/** Greedy grouping: each call joins the first batch it is compatible with, else starts one. */
function groupCompatible(calls: PendingCall[], maxBatchRecords: number): PendingCall[][] {
  const batches: {
    calls: PendingCall[];
    days: Map<number, PendingCall>;
    records: number;
    history: DemandObservation[] | undefined;
  }[] = [];
  for (const call of calls) {
    const target = batches.find(
      (batch) =>
        batch.history === call.history &&
        batch.records + call.records.length <= maxBatchRecords &&
        call.days.every((day) =>
          NEIGHBOUR_DAYS.every((delta) => {
            const owner = batch.days.get(day + delta);
            return owner === undefined || owner === call;
          }),
        ),
    );
    if (target === undefined) {
      batches.push({
        calls: [call],
        days: new Map(call.days.map((day) => [day, call])),
        records: call.records.length,
        history: call.history,
      });
      continue;
    }
    target.calls.push(call);
    target.records += call.records.length;
    for (const day of call.days) if (!target.days.has(day)) target.days.set(day, call);
  }
  return batches.map((batch) => batch.calls);
}
