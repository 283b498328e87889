import { jsonLogger } from '../log/logger.js';
import { createApprovalApp, listenApprovalApp } from './approval-app.js';
import { localDecisionDependencies } from './local-approval.js';
import { openLocalContext, parseArgs } from './workspace.js';

// npx nx run approval:serve [-- --store <dir|s3://…>] [--port 8787]
const { flags } = parseArgs(process.argv.slice(2));
const { config, store } = openLocalContext(flags['store']);
const port = Number(flags['port'] ?? 8787);
if (!Number.isInteger(port) || port < 0 || port > 65_535)
  throw new Error(`--port must be 0-65535, got ${flags['port']}`);
const deps = await localDecisionDependencies({
  store,
  group: config.registry_group,
  logger: jsonLogger({ handler: 'approval:serve' }),
});
const server = await listenApprovalApp(createApprovalApp(deps), port);
console.log(`approval server on ${server.url}/approval (store ${store.uri}); Ctrl-C to stop`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void server.close().then(() => process.exit(0)));
}
