import type { ModelPackage } from '../registry/model-registry.js';
import {
  composeApprovalMessage,
  packageMetricsFrom,
  type ApprovalMessage,
  type ChartLink,
  type PackageMetrics,
} from './approval-message.js';
import type { KeyValueStore } from './key-value-store.js';
import { localChartLinks } from './local-charts.js';
import { localApprovalSecret } from './local-secret.js';

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
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const key = `outbox/${request.group}-v${request.version}-${stamp}.json`;
  // The message carries signed links (capabilities): private, like the secret.
  const uri = await request.store.put(key, `${JSON.stringify(message, null, 2)}\n`, { private: true });
  return { key, uri, message };
}

export interface PackageOutboxRequest {
  store: KeyValueStore;
  /** A version of the local registry (its metrics and, when local, its charts directory go into the message). */
  pkg: Pick<ModelPackage, 'group' | 'version' | 'metrics' | 'chartsUri'>;
  mseThreshold: number;
  approvalUrl?: string;
  approver?: string;
  /** Default: the store's local secret (see localApprovalSecret). */
  secret?: string;
  now?: Date;
}

/** The approval message for a registered version, as the trainer writes it after RegisterModel and `approval:outbox` re-sends it. */
export async function writePackageApprovalMessage(request: PackageOutboxRequest): Promise<OutboxEntry> {
  return writeApprovalMessage({
    store: request.store,
    group: request.pkg.group,
    version: request.pkg.version,
    metrics: packageMetricsFrom(request.pkg.metrics),
    mseThreshold: request.mseThreshold,
    charts: localChartLinks(request.pkg.chartsUri),
    ...(request.approvalUrl !== undefined ? { approvalUrl: request.approvalUrl } : {}),
    ...(request.approver !== undefined ? { approver: request.approver } : {}),
    ...(request.secret !== undefined ? { secret: request.secret } : {}),
    ...(request.now !== undefined ? { now: request.now } : {}),
  });
}
