import { composeApprovalMessage, type ApprovalMessage, type ChartLink, type PackageMetrics } from '../message/approval-message.js';
import type { KeyValueStore } from './key-value-store.js';
import { localApprovalSecret } from './store-parameters.js';

export const DEFAULT_LOCAL_APPROVAL_URL = 'http://127.0.0.1:8787/approval';
export const DEFAULT_LOCAL_APPROVER = 'approver@localhost';

export interface OutboxRequest {
  store: KeyValueStore;
  group: string;
  version: number;
  metrics: PackageMetrics;
  mseThreshold: number;
  charts?: ChartLink[];
  /** Where `approval:serve` listens; default http://127.0.0.1:8787/approval. */
  approvalUrl?: string;
  approver?: string;
  /** Default: the store's local secret (see localApprovalSecret). */
  secret?: string;
  now?: Date;
}

export interface OutboxEntry {
  key: string;
  uri: string;
  message: ApprovalMessage;
}

/** The local package id the signed links bind (the SageMaker flow binds the package ARN). */
export function localPackageId(group: string, version: number): string {
  return `${group}/${version}`;
}

/**
 * The local replacement for the approval email: signs Approve/Reject links for a registered
 * version and writes the message to `<store>/outbox/<group>-v<version>-<time>.json`.
 */
export async function writeApprovalMessage(request: OutboxRequest): Promise<OutboxEntry> {
  const now = request.now ?? new Date();
  const message = composeApprovalMessage({
    to: request.approver ?? DEFAULT_LOCAL_APPROVER,
    group: request.group,
    version: request.version,
    packageId: localPackageId(request.group, request.version),
    metrics: request.metrics,
    mseThreshold: request.mseThreshold,
    charts: request.charts ?? [],
    approvalUrl: request.approvalUrl ?? DEFAULT_LOCAL_APPROVAL_URL,
    secret: request.secret ?? (await localApprovalSecret(request.store)),
    now,
  });
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const key = `outbox/${request.group}-v${request.version}-${stamp}.json`;
  const uri = await request.store.put(key, `${JSON.stringify(message, null, 2)}\n`);
  return { key, uri, message };
}
