import { z } from 'zod';
import type { OpenAlert } from './alert-state.js';

/**
 * The part of an artifact store (`ArtifactStore` of @powercast/aws-pipeline: a local directory or
 * an S3 prefix) the alert log uses. A port, so this package needs no store implementation.
 */
export interface AlertStore {
  readonly uri: string;
  put(key: string, body: Uint8Array | string): Promise<string>;
  /** Create-only write; false when the key already existed. Atomic across processes. */
  putIfAbsent(key: string, body: Uint8Array | string): Promise<boolean>;
  get(key: string): Promise<Uint8Array>;
  list(prefix: string): Promise<string[]>;
}

/** What a notifier sends: one alert raised or cleared. */
export interface AlertEvent {
  kind: 'raised' | 'cleared';
  /** `accuracy` (a threshold of the deployed model) or `pipeline` (a failed or stopped run). */
  source: 'accuracy' | 'pipeline';
  /** The check (`mape-28d`, `coverage-28d`, `pipeline-failure`). */
  check: string;
  /** Which crossing of the check (`000001`…), or the pipeline run id. */
  episode: string;
  /** Since when the condition holds: the target date first seen breached, or the run's failure time. */
  since: string;
  /** When this event was written, ISO 8601. */
  at: string;
  /** ASCII, under 100 characters (an SNS subject). */
  subject: string;
  body: string;
  /** The figures behind the message, for machines (console, metrics). */
  details: Record<string, string | number | null>;
}

const eventSchema = z.object({
  kind: z.enum(['raised', 'cleared']),
  source: z.enum(['accuracy', 'pipeline']),
  check: z.string(),
  episode: z.string(),
  since: z.string(),
  at: z.string(),
  subject: z.string(),
  body: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
});

export const ALERT_LOG_PREFIX = 'monitoring/alerts/';

/** `monitoring/alerts/<check>/<episode>/<raised|cleared>.json`; `delivered-<kind>` once every notifier had it. */
export function alertEventKey(check: string, episode: string, kind: AlertEvent['kind']): string {
  return `${ALERT_LOG_PREFIX}${check}/${episode}/${kind}.json`;
}

function deliveredKey(event: Pick<AlertEvent, 'check' | 'episode' | 'kind'>): string {
  return `${ALERT_LOG_PREFIX}${event.check}/${event.episode}/delivered-${event.kind}`;
}

export function accuracyEpisode(episode: number): string {
  return String(episode).padStart(6, '0');
}

export interface AlertLogEntry {
  check: string;
  episode: string;
  raised: AlertEvent;
  cleared: AlertEvent | null;
  /** Events written but not yet confirmed sent by every notifier (a run died between the two). */
  undelivered: AlertEvent[];
}

export class AlertLogError extends Error {
  constructor(
    readonly key: string,
    readonly expected: string,
    options?: ErrorOptions,
  ) {
    super(`alert log ${key}: expected ${expected}`, options);
    this.name = 'AlertLogError';
  }
}

/**
 * The alert log: append-only, one create-only object per event. The store is the state of the
 * alert state machine, so a second monitor run (or two at once) agrees with the first.
 */
export class AlertLog {
  constructor(private readonly store: AlertStore) {}

  async entries(): Promise<AlertLogEntry[]> {
    const keys = await this.store.list(ALERT_LOG_PREFIX);
    const groups = new Map<string, Set<string>>();
    for (const key of keys) {
      const parts = key.slice(ALERT_LOG_PREFIX.length).split('/');
      if (parts.length !== 3) continue;
      const group = `${parts[0]}/${parts[1]}`;
      const files = groups.get(group) ?? new Set<string>();
      files.add(parts[2] as string);
      groups.set(group, files);
    }
    const entries: AlertLogEntry[] = [];
    for (const [group, files] of groups) {
      if (!files.has('raised.json')) continue;
      const [check, episode] = group.split('/') as [string, string];
      const raised = await this.read(alertEventKey(check, episode, 'raised'));
      const cleared = files.has('cleared.json') ? await this.read(alertEventKey(check, episode, 'cleared')) : null;
      const undelivered = [raised, ...(cleared ? [cleared] : [])].filter(
        (event) => !files.has(`delivered-${event.kind}`),
      );
      entries.push({ check, episode, raised, cleared, undelivered });
    }
    return entries.sort((a, b) => (a.raised.at < b.raised.at ? -1 : a.raised.at > b.raised.at ? 1 : 0));
  }

  /** Accuracy alerts not cleared, by check, and the last episode number of every check. */
  async accuracyState(): Promise<{ open: Map<string, OpenAlert>; lastEpisode: Map<string, number> }> {
    const open = new Map<string, OpenAlert>();
    const lastEpisode = new Map<string, number>();
    for (const entry of await this.entries()) {
      if (entry.raised.source !== 'accuracy') continue;
      const episode = Number(entry.episode);
      if (episode > (lastEpisode.get(entry.check) ?? 0)) lastEpisode.set(entry.check, episode);
      if (entry.cleared === null)
        open.set(entry.check, { check: entry.check, episode, since: entry.raised.since, raisedAt: entry.raised.at });
    }
    return { open, lastEpisode };
  }

  /** Writes the event unless it exists; true when this call wrote it (and so must deliver it). */
  async append(event: AlertEvent): Promise<boolean> {
    return this.store.putIfAbsent(
      alertEventKey(event.check, event.episode, event.kind),
      `${JSON.stringify(event, null, 2)}\n`,
    );
  }

  async markDelivered(event: AlertEvent): Promise<void> {
    await this.store.putIfAbsent(deliveredKey(event), event.at);
  }

  private async read(key: string): Promise<AlertEvent> {
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder().decode(await this.store.get(key)));
    } catch (error) {
      throw new AlertLogError(key, 'a JSON alert event', { cause: error });
    }
    const parsed = eventSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AlertLogError(key, `an alert event (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'})`);
    }
    return parsed.data;
  }
}
