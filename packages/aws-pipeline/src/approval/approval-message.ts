import { escapeHtml } from './escape-html.js';
import { issueApprovalToken, type ApprovalAction } from './approval-token.js';
import type { ChampionSummary, MetricSet, PackageMetrics } from './package-metrics.js';

export { packageMetricsFrom, type ChampionSummary, type MetricSet, type PackageMetrics } from './package-metrics.js';

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
  const sections = metricSections(input.metrics, input.mseThreshold);
  const subject = `[Powercast] Approve model ${input.group} version ${input.version}?`;
  const text = [
    `Model ${input.group} version ${input.version} is waiting for approval.`,
    `Package: ${input.packageId}`,
    '',
    ...(input.warnings ?? []).map((warning) => `WARNING: ${warning}`),
    ...sections.flatMap((section) => [
      section.rows.length > 0 ? `${section.title}:` : section.title,
      ...section.rows.map((row) => `  ${row.name}: ${row.value}${row.versus ? ` (${row.versus})` : ''}`),
      '',
    ]),
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
${sections.map(evidenceSectionHtml).join('\n')}
${input.charts.length > 0 ? `<p>Charts (links valid 7 days): ${input.charts.map((c) => `<a href="${escapeHtml(c.url)}">${escapeHtml(c.name)}</a>`).join(' · ')}</p>` : '<p>No charts were attached to this package.</p>'}
<p><a href="${escapeHtml(approveUrl)}">Approve</a> &nbsp; <a href="${escapeHtml(rejectUrl)}">Reject</a> (each opens a confirmation page)</p>
<p><small>The links are for ${escapeHtml(input.to)} only and expire at ${expiresAt}.</small></p>
</body></html>`;
  return { to: input.to, subject, text, html, approveUrl, rejectUrl, expiresAt };
}

export interface MetricRow {
  name: string;
  value: string;
  versus?: string;
}

export interface MetricSection {
  title: string;
  rows: MetricRow[];
}

/** The evidence sections of a package, in the message's order (the approval page shows the same). */
export function approvalEvidence(metrics: PackageMetrics, mseThreshold?: number): MetricSection[] {
  return metricSections(metrics, mseThreshold);
}

/** One evidence section as HTML (escaped). */
export function evidenceSectionHtml(section: MetricSection): string {
  if (section.rows.length === 0) return `<p><strong>${escapeHtml(section.title)}</strong></p>`;
  const rows = section.rows.map(
    (row) =>
      `<tr><td>${escapeHtml(row.name)}</td><td>${escapeHtml(row.value)}</td><td>${row.versus ? escapeHtml(row.versus) : ''}</td></tr>`,
  );
  return `<p><strong>${escapeHtml(section.title)}</strong></p>
<table border="1" cellpadding="4" cellspacing="0"><tr><th>metric</th><th>value</th><th>threshold / note</th></tr>
${rows.join('\n')}
</table>`;
}

const fmt = (value: number, digits = 2): string => value.toFixed(digits);
const days = (set: MetricSet | undefined): string => (set?.n === undefined ? '' : `, ${set.n} days`);

/**
 * The ex-ante figure first (what a forecaster gets the evening before; CheckMSE gated on it),
 * then the backcast (observed weather of D: not available ahead of time), then TEPCO's own
 * night-before forecast on the days it exists. Without an ex-ante figure the message says so first.
 */
function metricSections(metrics: PackageMetrics, mseThreshold: number | undefined): MetricSection[] {
  const issueTime = metrics.issueTime ?? '18:00';
  if (metrics.basis === 'ex-ante') {
    const exAnte = metrics.exAnte ?? metrics;
    const sections: MetricSection[] = [
      {
        title: `Ex-ante test metrics (each day forecast as of ${issueTime} JST the day before, from JMA's forecast and demand so far; CheckMSE gated on these${days(exAnte)})`,
        rows: [
          ...gatedRows(exAnte, mseThreshold),
          ...(metrics.exAnteWeatherCalendar?.mape === undefined
            ? []
            : [
                {
                  name: 'weather+calendar variant MAPE (%)',
                  value: fmt(metrics.exAnteWeatherCalendar.mape, 3),
                  versus: 'answers requests without enough demand history',
                },
              ]),
        ],
      },
    ];
    sections.push(variantsSection(metrics));
    if (metrics.champion !== undefined) sections.push(championSection(metrics.champion, exAnte));
    if (metrics.backcast !== undefined) sections.push(backcastSection(metrics.backcast, 'for comparison only'));
    sections.push(tepcoSection(metrics));
    return sections;
  }
  const backcast = metrics.backcast ?? metrics;
  const reason =
    metrics.basis === 'backcast'
      ? (metrics.noExAnteReason ?? 'no JMA forecast issue for the test days')
      : 'this package was registered before the ex-ante evaluation';
  return [
    { title: `No ex-ante figure: ${reason}`, rows: [] },
    backcastSection(backcast, 'CheckMSE gated on these', mseThreshold ?? null),
    ...(metrics.champion === undefined ? [] : [championSection(metrics.champion, backcast)]),
  ];
}

const setSummary = (set: MetricSet): string =>
  [
    set.mape === undefined ? undefined : `MAPE ${fmt(set.mape, 3)} %`,
    set.rmse === undefined ? undefined : `RMSE ${fmt(set.rmse)}`,
    set.bias === undefined ? undefined : `bias ${fmt(set.bias, 1)}`,
    set.n === undefined ? undefined : `n ${set.n}`,
  ]
    .filter((part) => part !== undefined)
    .join(', ');

/** Both variants on the ex-ante days: which one answers depends on the demand history a request brings. */
function variantsSection(metrics: PackageMetrics): MetricSection {
  const rows: MetricRow[] = [];
  if (metrics.exAnteWithHistory !== undefined)
    rows.push({
      name: 'with-history variant',
      value: setSummary(metrics.exAnteWithHistory),
      versus: 'answers requests with recent demand (every day at 18:00 D−1 here)',
    });
  if (metrics.exAnteWeatherCalendar !== undefined)
    rows.push({
      name: 'weather+calendar variant',
      value: setSummary(metrics.exAnteWeatherCalendar),
      versus: 'answers requests without enough demand history',
    });
  return {
    title:
      rows.length === 0
        ? 'Ex-ante variants: not recorded in this package'
        : 'Ex-ante, each variant (the answer above blends them as the service does)',
    rows,
  };
}

/** The candidate against the model deployed when the pipeline ran, on the same days with the same code. */
function championSection(champion: ChampionSummary, candidate: MetricSet): MetricSection {
  if (champion.outcome === 'no-deployed-model')
    return { title: 'Compared with the deployed model: no model is deployed, so the gate passed', rows: [] };
  if (champion.outcome === 'not-compared')
    return {
      title:
        champion.reason === undefined
          ? 'Not compared with the deployed model (the gate passed)'
          : `${champion.reason.charAt(0).toUpperCase()}${champion.reason.slice(1)}`,
      rows: [],
    };
  const version = champion.deployedVersion === undefined ? 'the deployed model' : `version ${champion.deployedVersion}`;
  const rows: MetricRow[] = [
    {
      name: 'candidate MSE (万kW²)',
      value: fmt(champion.candidateMse),
      versus: `${champion.passes ? 'within' : 'ABOVE'} allowed ${fmt(champion.allowedMse)} (deployed + ${champion.marginPct} %)`,
    },
  ];
  const deployed = champion.deployed;
  if (deployed?.mse !== undefined) rows.push({ name: `deployed ${version} MSE (万kW²)`, value: fmt(deployed.mse) });
  if (deployed?.mape !== undefined)
    rows.push({
      name: `deployed ${version} MAPE (%)`,
      value: fmt(deployed.mape, 3),
      ...(candidate.mape === undefined ? {} : { versus: `candidate ${fmt(candidate.mape, 3)}` }),
    });
  if (deployed?.bias !== undefined)
    rows.push({
      name: `deployed ${version} bias (万kW)`,
      value: fmt(deployed.bias, 1),
      ...(candidate.bias === undefined ? {} : { versus: `candidate ${fmt(candidate.bias, 1)}` }),
    });
  if (champion.deployedWithHistory !== undefined)
    rows.push({ name: `deployed ${version} with-history variant`, value: setSummary(champion.deployedWithHistory) });
  if (champion.deployedWeatherCalendar !== undefined)
    rows.push({
      name: `deployed ${version} weather+calendar variant`,
      value: setSummary(champion.deployedWeatherCalendar),
    });
  if ((champion.deployedDaysInTraining ?? 0) > 0)
    rows.push({
      name: 'caution',
      value: `${version} was trained on ${champion.deployedDaysInTraining} of these days`,
      versus: 'its figure is in-sample there',
    });
  return {
    title: `Compared with the model deployed now (${version}), same days, same ex-ante code: ${champion.passes ? 'not worse than the margin allows' : 'WORSE than the margin allows'}`,
    rows,
  };
}

function gatedRows(set: MetricSet, mseThreshold: number | undefined): MetricRow[] {
  if (mseThreshold === undefined) {
    const rows = [
      ...(set.mse === undefined ? [] : [{ name: 'MSE (万kW²)', value: fmt(set.mse) }]),
      ...(set.rmse === undefined ? [] : [{ name: 'RMSE (万kW)', value: fmt(set.rmse) }]),
      ...plainRows(set),
    ];
    return rows.length === 0 ? [{ name: 'metrics', value: 'none recorded in the package' }] : rows;
  }
  const rows: MetricRow[] = [];
  if (set.mse !== undefined) {
    rows.push({
      name: 'MSE (万kW²)',
      value: fmt(set.mse),
      versus: `${set.mse <= mseThreshold ? 'within' : 'ABOVE'} threshold ${fmt(mseThreshold)}`,
    });
  }
  if (set.rmse !== undefined) {
    const rmseThreshold = Math.sqrt(mseThreshold);
    rows.push({
      name: 'RMSE (万kW)',
      value: fmt(set.rmse),
      versus: `${set.rmse <= rmseThreshold ? 'within' : 'ABOVE'} √threshold ${fmt(rmseThreshold)}`,
    });
  }
  rows.push(...plainRows(set));
  if (rows.length === 0) rows.push({ name: 'metrics', value: 'none recorded in the package' });
  return rows;
}

function plainRows(set: MetricSet): MetricRow[] {
  const rows: MetricRow[] = [];
  if (set.mae !== undefined) rows.push({ name: 'MAE (万kW)', value: fmt(set.mae) });
  if (set.mape !== undefined) rows.push({ name: 'MAPE (%)', value: fmt(set.mape, 3) });
  if (set.r2 !== undefined) rows.push({ name: 'R²', value: fmt(set.r2, 4) });
  if (set.bias !== undefined) rows.push({ name: 'bias (万kW, + = over-forecast)', value: fmt(set.bias, 1) });
  return rows;
}

/** `mseThreshold`: null = the gated section without a known threshold; undefined = a comparison only. */
function backcastSection(set: MetricSet, note: string, mseThreshold?: number | null): MetricSection {
  const rows =
    mseThreshold === undefined
      ? [...(set.rmse === undefined ? [] : [{ name: 'RMSE (万kW)', value: fmt(set.rmse) }]), ...plainRows(set)]
      : gatedRows(set, mseThreshold ?? undefined);
  return {
    title: `Backcast (observed weather of the day itself, not known the evening before; ${note}${days(set)})`,
    rows,
  };
}

function tepcoSection(metrics: PackageMetrics): MetricSection {
  const tepco = metrics.tepcoNightBefore;
  if (tepco?.mape === undefined)
    return { title: "TEPCO's night-before forecast: none in the test window (n 0)", rows: [] };
  const rows: MetricRow[] = [
    { name: 'TEPCO MAPE (%)', value: fmt(tepco.mape, 3), versus: `n ${tepco.n ?? '?'}` },
    ...(tepco.rmse === undefined ? [] : [{ name: 'TEPCO RMSE (万kW)', value: fmt(tepco.rmse) }]),
  ];
  const same = metrics.exAnteOnTepcoDays;
  if (same?.mape !== undefined)
    rows.push({ name: 'ex-ante MAPE on the same days (%)', value: fmt(same.mape, 3), versus: `n ${same.n ?? '?'}` });
  return {
    title: `TEPCO's night-before forecast (翌日の予想最大電力, on the test days it exists${days(tepco)})`,
    rows,
  };
}
