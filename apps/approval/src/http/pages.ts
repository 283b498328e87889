import type { DecisionOutcome } from '../decision/decide-package.js';
import { approvalEvidence, escapeHtml, evidenceSectionHtml } from '@powercast/aws-pipeline/approval';
import type { PackageEvidence } from '../decision/package-evidence.js';
import type { PackageSnapshot } from '../decision/ports.js';

export interface HtmlResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Headers for every approval page: no caching, no referrer (the URL carries the token), no framing. */
export const pageHeaders: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
};

export function renderOutcome(outcome: DecisionOutcome): HtmlResponse {
  switch (outcome.kind) {
    case 'refused':
      return page(
        outcome.error.httpStatus,
        'Link not accepted',
        `<p>${escapeHtml(outcome.error.message)}</p><p>Nothing was changed.</p>`,
      );
    case 'not-found':
      return page(
        404,
        'Model package not found',
        `<p>The model package <code>${escapeHtml(outcome.packageId)}</code> does not exist. Nothing was changed.</p>`,
      );
    case 'conflict':
      return page(
        409,
        'Already decided',
        `<p>${describe(outcome.pkg)} is no longer waiting for approval: its status is <strong>${escapeHtml(outcome.pkg.status)}</strong>.</p><p>Nothing was changed.</p>`,
      );
    case 'confirm': {
      const verb = outcome.claims.act === 'approve' ? 'Approve' : 'Reject';
      const consequence =
        outcome.claims.act === 'approve'
          ? '<p>Approving marks the version Approved and deploys it to the serving endpoint.</p>'
          : '<p>Rejecting marks the version Rejected; nothing is deployed.</p>';
      return page(
        200,
        `${verb} ${describe(outcome.pkg)}?`,
        `${consequence}
${outcome.evidence === undefined ? registryEvidenceHtml(outcome.pkg) : evidenceHtml(outcome.evidence)}
<form method="post">
<input type="hidden" name="action" value="${escapeHtml(outcome.claims.act)}">
<input type="hidden" name="token" value="${escapeHtml(outcome.token)}">
<p><label>Reason (optional)<br><textarea name="reason" rows="3" cols="60" maxlength="500"></textarea></label></p>
<p><button type="submit">${verb} version ${outcome.pkg.version}</button></p>
</form>
<p>Signed for ${escapeHtml(outcome.claims.sub)}; the link expires at ${new Date(outcome.claims.exp * 1000).toISOString()}.</p>`,
      );
    }
    case 'rejected':
      return page(
        200,
        'Rejected',
        `<p>${describe(outcome.pkg)} was rejected by ${escapeHtml(outcome.decision.by)} at ${escapeHtml(outcome.decision.at)}.</p>`,
      );
    case 'approved': {
      const head = `<p>${describe(outcome.pkg)} was approved by ${escapeHtml(outcome.decision.by)} at ${escapeHtml(outcome.decision.at)}.</p>`;
      const deployment = outcome.deployment;
      if (deployment.kind === 'skipped') {
        return page(200, 'Approved', `${head}<p>It is already the deployed model; no new deployment was started.</p>`);
      }
      if (deployment.kind === 'held') {
        return page(
          200,
          'Approved, not deployed',
          `${head}<p>It is older than the deployed version ${deployment.deployedVersion}, so it was not deployed: approving never rolls the serving model back. To serve it anyway, deploy it explicitly (<code>npx nx run trainer:models -- deploy ${outcome.pkg.version}</code>, or the deploy function on AWS).</p>`,
        );
      }
      if (deployment.kind === 'failed') {
        return page(
          502,
          'Approved, deployment not started',
          `${head}<p>The deployment could not be started: ${escapeHtml(deployment.message)}</p><p>Start it again with the deploy function.</p>`,
        );
      }
      const { start } = deployment;
      const detail =
        start.mode === 'local'
          ? 'It is now the deployed model of the local predict API.'
          : start.mode === 'already-in-progress'
            ? `Endpoint <code>${escapeHtml(start.endpointName)}</code> is already being deployed with this version.`
            : `Deployment to endpoint <code>${escapeHtml(start.endpointName)}</code> started (${start.mode === 'create' ? 'new endpoint' : 'endpoint update'}).`;
      return page(200, 'Approved', `${head}<p>${detail}</p>`);
    }
  }
}

export function methodNotAllowed(method: string): HtmlResponse {
  const response = page(
    405,
    'Method not allowed',
    `<p>${escapeHtml(method)} is not supported: open the link (GET), then confirm (POST).</p>`,
  );
  return { ...response, headers: { ...response.headers, allow: 'GET, POST' } };
}

/** The registry's metric map alone (no evidence reader): ex-ante first, as in the message; nothing without metrics. */
function registryEvidenceHtml(pkg: PackageSnapshot): string {
  if (pkg.metrics === undefined || Object.keys(pkg.metrics).length === 0) return '';
  return approvalEvidence(pkg.metrics).map(evidenceSectionHtml).join('\n');
}

/**
 * What the approver decides on, as the message shows it: the metrics (ex-ante answer and both variants
 * first), the comparison with the model deployed now on the same days, the pipeline's note and the charts.
 */
function evidenceHtml(evidence: PackageEvidence): string {
  const parts = evidence.warnings.map((warning) => `<p><strong>Warning:</strong> ${escapeHtml(warning)}</p>`);
  if (Object.keys(evidence.metrics).length === 0) parts.push('<p>No test metrics are recorded for this package.</p>');
  else parts.push(...approvalEvidence(evidence.metrics, evidence.mseThreshold).map(evidenceSectionHtml));
  if (evidence.description !== undefined)
    parts.push(`<p><strong>Pipeline note</strong>: ${escapeHtml(evidence.description)}</p>`);
  parts.push(
    evidence.charts.length === 0
      ? '<p>No charts were attached to this package.</p>'
      : `<p><strong>Charts</strong>: ${evidence.charts.map((chart) => `<a href="${escapeHtml(chart.url)}">${escapeHtml(chart.name)}</a>`).join(' · ')}</p>`,
  );
  return parts.join('\n');
}

function describe(pkg: { group: string; version: number }): string {
  return `Model <strong>${escapeHtml(pkg.group)}</strong> version <strong>${pkg.version}</strong>`;
}

function page(status: number, title: string, content: string): HtmlResponse {
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${stripTags(title)} · Powercast approval</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.5rem 1rem}</style>
</head><body><h1>${title}</h1>
${content}
</body></html>
`;
  return { status, headers: { ...pageHeaders }, body };
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, '');
}
