import type { CheckResult } from './checks.js';

/** An alert raised and not cleared yet. */
export interface OpenAlert {
  /** The check that crossed (e.g. `mape-28d`). */
  check: string;
  /** Which crossing of this check (1, 2, …): one alert per crossing. */
  episode: number;
  /** The target date on which the crossing was first seen. */
  since: string;
  /** When it was raised, ISO 8601. */
  raisedAt: string;
}

export type AlertTransition =
  { kind: 'raise'; check: CheckResult; episode: number } | { kind: 'clear'; check: CheckResult; alert: OpenAlert };

/**
 * The alert state machine, one state per check: ok → breached raises (a new episode), breached →
 * ok clears it, and every other step (breached → breached, ok → ok, `within-margin` — back inside
 * the threshold but not by the clear margin —, anything with too few samples) changes nothing. So a
 * crossing raises exactly one alert however often the monitor runs, and a metric hovering at the
 * line does not raise and clear on alternate days.
 */
export function alertTransitions(
  open: ReadonlyMap<string, OpenAlert>,
  lastEpisode: ReadonlyMap<string, number>,
  checks: readonly CheckResult[],
): AlertTransition[] {
  const transitions: AlertTransition[] = [];
  for (const check of checks) {
    const alert = open.get(check.id);
    if (check.status === 'breached' && alert === undefined)
      transitions.push({ kind: 'raise', check, episode: (lastEpisode.get(check.id) ?? 0) + 1 });
    else if (check.status === 'ok' && alert !== undefined) transitions.push({ kind: 'clear', check, alert });
  }
  return transitions;
}
