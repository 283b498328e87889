import type { AlertEvent, AlertStore } from './alert-log.js';

/** Where alerts go: the local outbox, SNS on AWS. */
export interface AlertNotifier {
  readonly name: string;
  notify(event: AlertEvent): Promise<void>;
}

/** `outbox/alert-<check>-<episode>-<raised|cleared>.json` */
export function outboxKey(event: Pick<AlertEvent, 'check' | 'episode' | 'kind'>): string {
  return `outbox/alert-${event.check}-${event.episode}-${event.kind}.json`;
}

/**
 * The local replacement for the alert email: one JSON file per event in the store's `outbox/`,
 * beside the approval messages (`approval:outbox`). Rewriting the same event writes the same key.
 */
export class OutboxNotifier implements AlertNotifier {
  readonly name = 'outbox';
  constructor(private readonly store: Pick<AlertStore, 'put'>) {}

  async notify(event: AlertEvent): Promise<void> {
    await this.store.put(outboxKey(event), `${JSON.stringify(event, null, 2)}\n`);
  }
}
