import {
  EXIT,
  UsageError,
  defineCommand,
  helpText,
  isEntryPoint,
  parseCommandLine,
  processIo,
  runMain,
  type CliIo,
} from '@powercast/contracts/cli';
import { jsonLogger } from '../log/logger.js';
import { createApprovalApp, listenApprovalApp } from './approval-app.js';
import { localDecisionDependencies } from './local-approval.js';
import { openLocalContext } from './workspace.js';

export const SERVE_COMMAND = defineCommand({
  name: 'npx nx run approval:serve --',
  summary:
    'The local decide endpoint on 127.0.0.1: opens the Approve/Reject links of the approval messages\nand records the decision in the local registry. Ctrl-C stops it.',
  options: {
    store: {
      type: 'string',
      value: 'DIR|s3://…',
      description: 'artifact store with the registry (default: store of powercast.config.yaml)',
    },
    port: { type: 'string', value: 'N', default: '8787', description: 'port on 127.0.0.1 (0 = any free port)' },
  },
  notes: [
    'The signing secret is POWERCAST_APPROVAL_SECRET, else <store>/approval/token-secret.',
    'A relative path you type resolves from the directory you run the command in.',
  ],
});

/** Starts the server and returns once it listens; it runs until SIGINT/SIGTERM. */
export async function serveMain(argv: string[], io: CliIo = processIo()): Promise<number> {
  const line = parseCommandLine(SERVE_COMMAND, argv);
  if (line.help) {
    io.err(helpText(SERVE_COMMAND));
    return EXIT.ok;
  }
  const port = Number(line.values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`${SERVE_COMMAND.name}: --port must be 0-65535, got "${line.values.port}"`);
  const { config, store } = openLocalContext(line.values.store, io);
  const deps = await localDecisionDependencies({
    store,
    group: config.registry_group,
    logger: jsonLogger({ handler: 'approval:serve' }),
    mseThreshold: config.mse_threshold,
  });
  const server = await listenApprovalApp(createApprovalApp(deps), port);
  io.out(`approval server on ${server.url}/approval (store ${store.uri}); Ctrl-C to stop`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void server.close().then(() => process.exit(0)));
  }
  return EXIT.ok;
}

if (isEntryPoint(import.meta.url)) await runMain(serveMain);
