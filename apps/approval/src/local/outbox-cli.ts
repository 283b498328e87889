import { StoreModelRegistry } from '@powercast/aws-pipeline';
import { readdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageMetricsFrom, type ChartLink } from '../message/approval-message.js';
import { DEFAULT_LOCAL_APPROVAL_URL, writeApprovalMessage } from './outbox.js';
import { openLocalContext, parseArgs } from './workspace.js';

// npx nx run approval:outbox -- <version> [--store <…>] [--url http://127.0.0.1:8787/approval] [--approver me@example.com]
const { flags, positional } = parseArgs(process.argv.slice(2));
const version = Number(positional[0]);
if (!Number.isInteger(version) || version < 1) throw new Error(`usage: approval:outbox -- <version>; got ${JSON.stringify(positional[0])}`);
const { config, store } = openLocalContext(flags['store']);
const pkg = await new StoreModelRegistry(store, config.registry_group).describe(version);
if (pkg.status !== 'PendingManualApproval') throw new Error(`version ${version} is already ${pkg.status}; nothing to approve`);
const entry = await writeApprovalMessage({
  store,
  group: pkg.group,
  version: pkg.version,
  metrics: packageMetricsFrom(pkg.metrics),
  mseThreshold: config.mse_threshold,
  charts: localCharts(pkg.chartsUri),
  approvalUrl: flags['url'] ?? DEFAULT_LOCAL_APPROVAL_URL,
  ...(flags['approver'] ? { approver: flags['approver'] } : {}),
});
console.log(`${entry.message.text}\n\nwritten to ${entry.uri}`);

/** Charts in a local directory become file:// links (there is nothing to presign locally). */
function localCharts(chartsUri: string | undefined): ChartLink[] {
  if (!chartsUri || !isAbsolute(chartsUri)) return [];
  try {
    return readdirSync(chartsUri)
      .filter((name) => /\.(png|svg)$/i.test(name))
      .sort()
      .map((name) => ({ name, url: pathToFileURL(join(chartsUri, name)).toString() }));
  } catch {
    return [];
  }
}
