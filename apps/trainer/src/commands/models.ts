import { userInfo } from 'node:os';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SSMClient } from '@aws-sdk/client-ssm';
import {
  localDecisionPorts,
  ModelPackageConflictError,
  readDeploymentRecord,
  type ModelPackage,
  type ModelRegistry,
} from '@powercast/aws-pipeline';
import {
  decideAndDeploy,
  deployApproved,
  localPackageId,
  type DeploymentOutcome,
  type PackageSnapshot,
} from '@powercast/aws-pipeline/approval';
import { EXIT, UsageError, defineCommand, helpText, parseCommandLine, type CliIo } from '@powercast/contracts/cli';
import { PATH_NOTE, loadSettings, type Settings } from '../settings.js';
import {
  decideOnSageMaker,
  deployOnSageMaker,
  rollbackOnSageMaker,
  sageMakerModels,
  servedVersion,
  type SageMakerClients,
  type SageMakerModels,
} from './models-sagemaker.js';

export const MODELS_COMMAND = defineCommand({
  name: 'trainer models',
  summary: [
    'The model registry: list the versions (the deployed one marked), describe one, approve or reject it,',
    'deploy an Approved version or roll back to the previous Approved one.',
    'Approving deploys the version unless a newer one is deployed (then it says so: use deploy).',
    'Decisions are final: deciding a decided version again is a conflict (exit 1).',
  ].join('\n'),
  arguments: 'list | describe <version> | approve <version> | reject <version> | deploy <version> | rollback',
  options: {
    reason: { type: 'string', value: 'TEXT', description: 'why (approve, reject)' },
    by: { type: 'string', value: 'NAME', description: 'who decides (approve, reject; default: $USER)' },
    config: { type: 'string', value: 'FILE', description: 'pipeline settings (default: powercast.config.yaml)' },
    store: {
      type: 'string',
      value: 'DIR|s3://…',
      description: 'artifact store and registry (default: store of the config)',
    },
    group: {
      type: 'string',
      value: 'NAME',
      description: 'model package group (default: registry_group of the config)',
    },
    registry: {
      type: 'string',
      value: 'store|sagemaker',
      default: 'store',
      description:
        "the store-backed registry or SageMaker Model Registry (decisions through the decide Lambda's create-only SSM marker, deployments through the deploy Lambda)",
    },
    'deploy-function': {
      type: 'string',
      value: 'NAME',
      description: 'the deploy Lambda (--registry sagemaker; default: powercast-deploy-<aws.environment>)',
    },
  },
  notes: [PATH_NOTE],
});

export const MODELS_USAGE = helpText(MODELS_COMMAND);

const VERSIONED_ACTIONS = ['describe', 'approve', 'reject', 'deploy'] as const;
type VersionedAction = (typeof VERSIONED_ACTIONS)[number];

/**
 * `trainer models`: the store-backed registry (default) or, with `--registry sagemaker`, SageMaker Model Registry.
 * approve/reject on the store registry go through the same decide-and-deploy path as the approval link.
 */
export async function modelsCommand(
  argv: string[],
  io: CliIo,
  clients: Partial<SageMakerClients> = {},
): Promise<number> {
  const line = parseCommandLine(MODELS_COMMAND, argv);
  if (line.help) {
    io.err(MODELS_USAGE);
    return EXIT.ok;
  }
  const { values, positionals } = line;
  const [action, versionText, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  const settings = loadSettings(io, { config: values.config, store: values.store });
  if (values.registry !== 'store' && values.registry !== 'sagemaker')
    throw new UsageError(`--registry: expected store or sagemaker, got "${values.registry}"`);
  const { region } = settings.config.aws;
  const group = values.group ?? settings.config.registry_group;
  const onAws =
    values.registry === 'sagemaker'
      ? sageMakerModels(
          settings.config,
          {
            sagemaker: clients.sagemaker ?? new SageMakerClient({ region }),
            ssm: clients.ssm ?? new SSMClient({ region }),
            lambda: clients.lambda ?? new LambdaClient({ region }),
          },
          { group, deployFunction: values['deploy-function'], io },
        )
      : undefined;
  const registry: ModelRegistry = onAws?.registry ?? settings.registry;
  if (action === 'list') {
    const deployed = onAws === undefined ? await storeDeployedMark(settings, group) : await sageMakerServedMark(onAws);
    return listPackages(registry, group, deployed, io);
  }
  if (action === 'rollback') {
    if (versionText !== undefined) throw new UsageError(`rollback takes no version, got "${versionText}"`);
    return onAws === undefined ? rollback(settings, group, io) : rollbackOnSageMaker(onAws);
  }
  if (!(VERSIONED_ACTIONS as readonly string[]).includes(action ?? ''))
    throw new UsageError(`unknown models action "${action ?? ''}"`);
  const versioned = action as VersionedAction;
  const version = Number(versionText);
  if (versionText === undefined || !Number.isInteger(version) || version < 1) {
    throw new UsageError(`${versioned}: expected a version number (1, 2, …), got "${versionText ?? ''}"`);
  }
  if (versioned === 'describe') {
    io.out(JSON.stringify(await registry.describe(version, group), null, 2));
    return EXIT.ok;
  }
  if (versioned === 'deploy')
    return onAws === undefined ? deploy(settings, group, version, io) : deployOnSageMaker(onAws, version);
  const request = {
    status: versioned === 'approve' ? ('Approved' as const) : ('Rejected' as const),
    by: values.by ?? io.env['USER'] ?? userInfo().username,
    ...(values.reason === undefined ? {} : { reason: values.reason }),
  };
  if (onAws !== undefined) return decideOnSageMaker(onAws, version, { ...request, at: new Date().toISOString() });
  // Describing first names a missing version (ModelPackageNotFoundError, exit 1) and an existing decision.
  const pkg = await registry.describe(version, group);
  if (pkg.decision !== undefined) throw new ModelPackageConflictError(group, version, pkg.decision);
  const outcome = await decideAndDeploy(
    snapshot(pkg),
    { ...request, at: new Date().toISOString() },
    localDecisionPorts(settings.store, settings.registry),
  );
  if (outcome.kind === 'conflict') {
    // Another process decided between the describe and the create-only write: its decision stands.
    const winner = (await registry.describe(version, group)).decision;
    if (winner !== undefined) throw new ModelPackageConflictError(group, version, winner);
    return EXIT.failed;
  }
  io.out(
    `${group} version ${version}: ${request.status} by ${outcome.decision.by}${values.reason ? ` (${values.reason})` : ''}`,
  );
  if (outcome.kind === 'rejected') return EXIT.ok;
  io.out(deploymentLine(group, version, outcome.deployment));
  return outcome.deployment.kind === 'failed' ? EXIT.failed : EXIT.ok;
}

/** The version `list` marks as deployed, and its last line. */
interface DeployedMark {
  version: number | undefined;
  line: string;
}

async function storeDeployedMark(settings: Settings, group: string): Promise<DeployedMark> {
  const deployed = await readDeploymentRecord(settings.store, group);
  return deployed === undefined
    ? {
        version: undefined,
        line: `deployed: none in ${group} (approve a version, or: npx nx run trainer:models -- deploy <version>)`,
      }
    : { version: deployed.version, line: `deployed: version ${deployed.version} since ${deployed.deployedAt}` };
}

/** On AWS what is served is what SSM `last_deployed` names (the record-deployment function writes it when InService). */
async function sageMakerServedMark(models: SageMakerModels): Promise<DeployedMark> {
  const version = await servedVersion(models);
  return version === undefined
    ? {
        version,
        line: `deployed: no version of ${models.group} per ${models.names.lastDeployed} (deploy one: npx nx run trainer:models -- deploy <version> --registry sagemaker)`,
      }
    : { version, line: `deployed: version ${version} (${models.names.lastDeployed})` };
}

async function listPackages(
  registry: ModelRegistry,
  group: string,
  deployed: DeployedMark,
  io: CliIo,
): Promise<number> {
  const packages = await registry.list(group);
  if (packages.length === 0) {
    io.out(`no model packages in ${group} (run: npx nx run trainer:run)`);
    return EXIT.ok;
  }
  io.out(`${'version'.padEnd(9)}${'status'.padEnd(23)}${'mse'.padEnd(11)}${'training window'.padEnd(25)}created`);
  for (const pkg of packages) io.out(listLine(pkg, deployed.version));
  io.out(deployed.line);
  return EXIT.ok;
}

/** An explicit deployment of an Approved version, newer or older than the deployed one. */
async function deploy(settings: Settings, group: string, version: number, io: CliIo): Promise<number> {
  const pkg = await settings.registry.describe(version, group);
  const current = await readDeploymentRecord(settings.store, group);
  if (current?.version === version && pkg.status === 'Approved') {
    io.out(`${group} version ${version} is already deployed (since ${current.deployedAt}); nothing changed`);
    return EXIT.ok;
  }
  const outcome = await deployApproved(
    snapshot(pkg),
    localDecisionPorts(settings.store, settings.registry),
    current?.version,
  );
  io.out(deploymentLine(group, version, outcome));
  return EXIT.ok;
}

/** Deploys the newest Approved version older than the deployed one. */
async function rollback(settings: Settings, group: string, io: CliIo): Promise<number> {
  const current = await readDeploymentRecord(settings.store, group);
  if (current === undefined) {
    io.err(
      `nothing is deployed in ${group}: there is nothing to roll back (deploy a version: models deploy <version>)`,
    );
    return EXIT.failed;
  }
  const target = (await settings.registry.list(group))
    .filter((pkg) => pkg.status === 'Approved' && pkg.version < current.version)
    .at(-1);
  if (target === undefined) {
    io.err(`${group} version ${current.version} is deployed and no older version is Approved: nothing to roll back to`);
    return EXIT.failed;
  }
  const outcome = await deployApproved(
    snapshot(target),
    localDecisionPorts(settings.store, settings.registry),
    current.version,
  );
  io.out(deploymentLine(group, target.version, outcome));
  return EXIT.ok;
}

function snapshot(pkg: ModelPackage): PackageSnapshot {
  return {
    packageId: localPackageId(pkg.group, pkg.version),
    group: pkg.group,
    version: pkg.version,
    status: pkg.status,
  };
}

/** What happened to the serving model, in one line: the confirmation the user reads. */
function deploymentLine(group: string, version: number, deployment: DeploymentOutcome): string {
  switch (deployment.kind) {
    case 'started': {
      const previous = deployment.previousVersion;
      const change =
        previous === undefined
          ? 'no version was deployed before'
          : previous > version
            ? `rolled back from version ${previous}`
            : `was version ${previous}`;
      return `deployed: ${group} version ${version} is now the model the predict API serves (${change})`;
    }
    case 'skipped':
      return `deployed already: ${group} version ${version} is the model the predict API serves; nothing changed`;
    case 'held':
      return (
        `not deployed: version ${deployment.deployedVersion} is deployed and newer, and approving never rolls back.\n` +
        `  to serve version ${version}: npx nx run trainer:models -- deploy ${version}`
      );
    case 'failed':
      return `not deployed: ${deployment.message}\n  deploy it again: npx nx run trainer:models -- deploy ${version}`;
  }
}

function listLine(pkg: ModelPackage, deployedVersion: number | undefined): string {
  const mse = pkg.metrics['mse'] === undefined ? '' : pkg.metrics['mse'].toFixed(1);
  const marker = deployedVersion === pkg.version ? '  ← deployed' : '';
  return `${String(pkg.version).padEnd(9)}${pkg.status.padEnd(23)}${mse.padEnd(11)}${`${pkg.trainingWindow.from}..${pkg.trainingWindow.to}`.padEnd(25)}${pkg.createdAt}${marker}`;
}
