import { escapeHtml } from './escape-html.js';
import { issueApprovalToken, type ApprovalAction } from './approval-token.js';

/** Test metrics of a registered model (万kW units; MSE in 万kW², MAPE in percent). */
export interface PackageMetrics {
  mse?: number;
  rmse?: number;
  mae?: number;
  mape?: number;
  r2?: number;
}

/** Picks the metrics the message shows from a registry's metric map (other keys are ignored). */
export function packageMetricsFrom(metrics: Record<string, number>): PackageMetrics {
  const picked: PackageMetrics = {};
  for (const name of ['mse', 'rmse', 'mae', 'mape', 'r2'] as const) {
    const value = metrics[name];
    if (value !== undefined && Number.isFinite(value)) picked[name] = value;
  }
  return picked;
}

export interface ChartLink {
  name: string;
  url: string;
}

export interface ApprovalMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  approveUrl: string;
  rejectUrl: string;
  /** ISO time the links expire. */
  expiresAt: string;
}

export interface ApprovalMessageInput {
  to: string;
  group: string;
  version: number;
  packageId: string;
  metrics: PackageMetrics;
  /** The registration threshold on test MSE (万kW²). */
  mseThreshold: number;
  charts: ChartLink[];
  /** Problems gathering the evidence (unreadable evaluation, charts), shown to the approver. */
  warnings?: string[];
  /** The decide endpoint, e.g. `https://…/approval`; links add `action` and `token`. */
  approvalUrl: string;
  secret: string | Uint8Array;
  ttlSeconds?: number;
  now?: Date;
}

/** Signs one approve and one reject token for the recipient and writes the message around them. */
export function composeApprovalMessage(input: ApprovalMessageInput): ApprovalMessage {
  const nowSeconds = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const link = (action: ApprovalAction): string => {
    const token = issueApprovalToken({
      secret: input.secret,
      packageId: input.packageId,
      action,
      approver: input.to,
      nowSeconds,
      ...(input.ttlSeconds !== undefined ? { ttlSeconds: input.ttlSeconds } : {}),
    });
    const url = new URL(input.approvalUrl);
    url.searchParams.set('action', action);
    url.searchParams.set('token', token);
    return url.toString();
  };
  const approveUrl = link('approve');
  const rejectUrl = link('reject');
  const ttl = input.ttlSeconds ?? 72 * 3600;
  const expiresAt = new Date((nowSeconds + ttl) * 1000).toISOString();
  const rows = metricRows(input.metrics, input.mseThreshold);
  const subject = `[Powercast] Approve model ${input.group} version ${input.version}?`;
  const text = [
    `Model ${input.group} version ${input.version} is waiting for approval.`,
    `Package: ${input.packageId}`,
    '',
    ...(input.warnings ?? []).map((warning) => `WARNING: ${warning}`),
    'Test metrics:',
    ...rows.map((row) => `  ${row.name}: ${row.value}${row.versus ? ` (${row.versus})` : ''}`),
    '',
    ...(input.charts.length > 0
      ? ['Charts (links valid 7 days):', ...input.charts.map((c) => `  ${c.name}: ${c.url}`), '']
      : ['No charts were attached to this package.', '']),
    `Approve (then confirm on the page): ${approveUrl}`,
    `Reject (then confirm on the page): ${rejectUrl}`,
    '',
    `The links are for ${input.to} only and expire at ${expiresAt}.`,
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif">
<p>Model <strong>${escapeHtml(input.group)}</strong> version <strong>${input.version}</strong> is waiting for approval.</p>
<p><small>${escapeHtml(input.packageId)}</small></p>
${(input.warnings ?? []).map((warning) => `<p><strong>Warning:</strong> ${escapeHtml(warning)}</p>`).join('\n')}
<table border="1" cellpadding="4" cellspacing="0"><tr><th>metric</th><th>value</th><th>threshold</th></tr>
${rows.map((row) => `<tr><td>${row.name}</td><td>${row.value}</td><td>${row.versus ? escapeHtml(row.versus) : ''}</td></tr>`).join('\n')}
</table>
${input.charts.length > 0 ? `<p>Charts (links valid 7 days): ${input.charts.map((c) => `<a href="${escapeHtml(c.url)}">${escapeHtml(c.name)}</a>`).join(' · ')}</p>` : '<p>No charts were attached to this package.</p>'}
<p><a href="${escapeHtml(approveUrl)}">Approve</a> &nbsp; <a href="${escapeHtml(rejectUrl)}">Reject</a> (each opens a confirmation page)</p>
<p><small>The links are for ${escapeHtml(input.to)} only and expire at ${expiresAt}.</small></p>
</body></html>`;
  return { to: input.to, subject, text, html, approveUrl, rejectUrl, expiresAt };
}

interface MetricRow {
  name: string;
  value: string;
  versus?: string;
}

function metricRows(metrics: PackageMetrics, mseThreshold: number): MetricRow[] {
  const rows: MetricRow[] = [];
  const fmt = (value: number, digits = 2): string => value.toFixed(digits);
  if (metrics.mse !== undefined) {
    rows.push({
      name: 'MSE (万kW²)',
      value: fmt(metrics.mse),
      versus: `${metrics.mse <= mseThreshold ? 'within' : 'ABOVE'} threshold ${fmt(mseThreshold)}`,
    });
  }
  if (metrics.rmse !== undefined) {
    const rmseThreshold = Math.sqrt(mseThreshold);
    rows.push({
      name: 'RMSE (万kW)',
      value: fmt(metrics.rmse),
      versus: `${metrics.rmse <= rmseThreshold ? 'within' : 'ABOVE'} √threshold ${fmt(rmseThreshold)}`,
    });
  }
  if (metrics.mae !== undefined) rows.push({ name: 'MAE (万kW)', value: fmt(metrics.mae) });
  if (metrics.mape !== undefined) rows.push({ name: 'MAPE (%)', value: fmt(metrics.mape, 3) });
  if (metrics.r2 !== undefined) rows.push({ name: 'R²', value: fmt(metrics.r2, 4) });
  if (rows.length === 0) rows.push({ name: 'metrics', value: 'none recorded in the package' });
  return rows;
}
