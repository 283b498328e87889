import { StoreModelRegistry } from '@powercast/aws-pipeline';
import { DEFAULT_LOCAL_APPROVAL_URL, writePackageApprovalMessage } from '@powercast/aws-pipeline/approval';
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
import { openLocalContext } from './workspace.js';

export const OUTBOX_COMMAND = defineCommand({
  name: 'npx nx run approval:outbox --',
  summary:
    'Writes the signed approval message of a pending version to <store>/outbox/ again\n(trainer:run writes the first one itself).',
  arguments: '<version>',
  options: {
    store: {
      type: 'string',
      value: 'DIR|s3://…',
      description: 'artifact store with the registry (default: store of powercast.config.yaml)',
    },
    url: {
      type: 'string',
      value: 'URL',
      description: `where the Approve/Reject links point (default: ${DEFAULT_LOCAL_APPROVAL_URL})`,
    },
    approver: { type: 'string', value: 'EMAIL', description: 'whom the links are signed for' },
  },
  notes: ['A relative path you type resolves from the directory you run the command in.'],
});

/** Re-sends the approval message of a pending version; exit 1 when the version is already decided. */
export async function outboxMain(argv: string[], io: CliIo = processIo()): Promise<number> {
  const line = parseCommandLine(OUTBOX_COMMAND, argv);
  if (line.help) {
    io.err(helpText(OUTBOX_COMMAND));
    return EXIT.ok;
  }
  const { values, positionals } = line;
  const version = Number(positionals[0]);
  if (positionals.length !== 1 || !Number.isInteger(version) || version < 1)
    throw new UsageError(
      `${OUTBOX_COMMAND.name}: expected one version number (1, 2, …), got ${JSON.stringify(positionals.join(' '))}`,
    );
  const { config, store } = openLocalContext(values.store, io);
  const pkg = await new StoreModelRegistry(store, config.registry_group).describe(version);
  if (pkg.status !== 'PendingManualApproval') {
    io.err(`version ${version} is already ${pkg.status}; nothing to approve`);
    return EXIT.failed;
  }
  const entry = await writePackageApprovalMessage({
    store,
    pkg,
    mseThreshold: config.mse_threshold,
    approvalUrl: values.url ?? DEFAULT_LOCAL_APPROVAL_URL,
    ...(values.approver ? { approver: values.approver } : {}),
  });
  io.out(`${entry.message.text}\n\nwritten to ${entry.uri}`);
  return EXIT.ok;
}

if (isEntryPoint(import.meta.url)) await runMain(outboxMain);
