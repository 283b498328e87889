import { StoreModelRegistry } from '@powercast/aws-pipeline';
import { DEFAULT_LOCAL_APPROVAL_URL, writePackageApprovalMessage } from '@powercast/aws-pipeline/approval';
import { openLocalContext, parseArgs } from './workspace.js';

// Re-sends the approval message of a pending version (trainer:run writes the first one itself).
// npx nx run approval:outbox -- <version> [--store <…>] [--url http://127.0.0.1:8787/approval] [--approver me@example.com]
const { flags, positional } = parseArgs(process.argv.slice(2));
const version = Number(positional[0]);
if (!Number.isInteger(version) || version < 1)
  throw new Error(`usage: approval:outbox -- <version>; got ${JSON.stringify(positional[0])}`);
const { config, store } = openLocalContext(flags['store']);
const pkg = await new StoreModelRegistry(store, config.registry_group).describe(version);
if (pkg.status !== 'PendingManualApproval')
  throw new Error(`version ${version} is already ${pkg.status}; nothing to approve`);
const entry = await writePackageApprovalMessage({
  store,
  pkg,
  mseThreshold: config.mse_threshold,
  approvalUrl: flags['url'] ?? DEFAULT_LOCAL_APPROVAL_URL,
  ...(flags['approver'] ? { approver: flags['approver'] } : {}),
});
console.log(`${entry.message.text}\n\nwritten to ${entry.uri}`);
