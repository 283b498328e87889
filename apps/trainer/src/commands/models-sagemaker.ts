import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { ModelPackageConflictError, RegistryCorruptError, type ModelPackage } from '@powercast/aws-pipeline';
import {
  PackageAlreadyDecidedError,
  decideAndDeploy,
  deployApproved,
  type ApprovalRegistry,
  type Deployer,
  type DeploymentStart,
  type PackageDecision,
  type PackageSnapshot,
} from '@powercast/aws-pipeline/approval';
import {
  DeployFunctionError,
  SageMakerApprovalRegistry,
  SsmParameterStore,
  deployFunctionAnswer,
  type DeployRequest,
} from '@powercast/aws-pipeline/approval/aws';
import { SageMakerModelRegistry } from '@powercast/aws-pipeline/sagemaker';
import type { PowercastConfig } from '@powercast/aws-pipeline';
import { DEFAULT_NAME_PREFIX, parameterNames, resourceNames, type ParameterNames } from '@powercast/contracts';
import { EXIT, type CliIo } from '@powercast/contracts/cli';

/**
 * `trainer models --registry sagemaker`: decisions through the decide Lambda's own registry code (its
 * create-only SSM marker), deployments through the deploy Lambda — the one deploy path on AWS, which
 * the decide link uses in-process — and what is served read from SSM `last_deployed`.
 */

/** The deploy function behind the Deployer port: one synchronous invocation per deployment. */
export class DeployFunctionDeployer implements Deployer {
  constructor(
    private readonly lambda: LambdaClient,
    readonly functionName: string,
  ) {}

  async deploy(pkg: PackageSnapshot): Promise<DeploymentStart> {
    const request: DeployRequest = { modelPackageArn: pkg.packageId };
    const output = await this.lambda.send(
      new InvokeCommand({
        FunctionName: this.functionName,
        // Synchronous: the answer says whether the deployment started, or why the handler refused.
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(JSON.stringify(request)),
      }),
    );
    const payload = output.Payload === undefined ? '' : new TextDecoder().decode(output.Payload);
    return deployFunctionAnswer(this.functionName, output.FunctionError, payload);
  }
}

/** `powercast-deploy-<environment>`: the name infra gives the deploy function with its default prefix. */
export function defaultDeployFunctionName(aws: PowercastConfig['aws']): string {
  return resourceNames({ environment: aws.environment, namePrefix: DEFAULT_NAME_PREFIX, bucketName: aws.bucket })
    .functions.deploy;
}

export interface SageMakerClients {
  sagemaker: SageMakerClient;
  ssm: SSMClient;
  lambda: LambdaClient;
}

/** What the SageMaker actions run against, built once per command. */
export interface SageMakerModels {
  group: string;
  registry: SageMakerModelRegistry;
  /** The decide Lambda's registry: decisions go through its create-only marker per version. */
  approvals: SageMakerApprovalRegistry;
  parameters: SsmParameterStore;
  names: ParameterNames;
  deployer: DeployFunctionDeployer;
  io: CliIo;
}

export function sageMakerModels(
  config: PowercastConfig,
  clients: SageMakerClients,
  options: { group: string; deployFunction?: string | undefined; io: CliIo },
): SageMakerModels {
  const { aws } = config;
  const names = parameterNames(aws.environment);
  const parameters = new SsmParameterStore(clients.ssm);
  return {
    group: options.group,
    registry: new SageMakerModelRegistry(clients.sagemaker, {
      imageUri: aws.inference_image_uri,
      group: config.registry_group,
    }),
    approvals: new SageMakerApprovalRegistry(clients.sagemaker, { parameters, names }, 'trainer CLI'),
    parameters,
    names,
    deployer: new DeployFunctionDeployer(clients.lambda, options.deployFunction ?? defaultDeployFunctionName(aws)),
    io: options.io,
  };
}

/** The version SSM `last_deployed` names in this group (it is one per environment), else undefined. */
export async function servedVersion(models: SageMakerModels): Promise<number | undefined> {
  return versionInGroup(await models.parameters.get(models.names.lastDeployed), models.group);
}

/**
 * approve/reject through decideAndDeploy, the code the decide Lambda runs for a link: the create-only SSM
 * marker per version makes exactly one of concurrent decisions (this CLI, a link, a second approver) win,
 * every other one is a conflict (exit 1); approving deploys through the deploy function unless a newer
 * version is served (approving never rolls back).
 */
export async function decideOnSageMaker(
  models: SageMakerModels,
  version: number,
  decision: PackageDecision,
): Promise<number> {
  const { group, io } = models;
  const pkg = await models.registry.describe(version, group);
  if (pkg.decision !== undefined) throw new ModelPackageConflictError(group, version, pkg.decision);
  // The marker's winner (who, when) is in the error decide throws; decideAndDeploy reports only the status.
  let lost: PackageAlreadyDecidedError | undefined;
  const registry: ApprovalRegistry = {
    describe: (packageId) => models.approvals.describe(packageId),
    decide: (packageId, request) =>
      models.approvals.decide(packageId, request).catch((error: unknown) => {
        if (error instanceof PackageAlreadyDecidedError) lost = error;
        throw error;
      }),
  };
  const before = await models.parameters.get(models.names.lastDeployed);
  const outcome = await decideAndDeploy(snapshotOf(pkg), decision, {
    registry,
    parameters: models.parameters,
    deployer: models.deployer,
    names: models.names,
  });
  if (outcome.kind === 'conflict') {
    io.err(`${group} version ${version}: not decided: ${lost?.message ?? `it was already ${outcome.pkg.status}`}`);
    return EXIT.failed;
  }
  io.out(
    `${group} version ${version}: ${decision.status} by ${decision.by}${decision.reason ? ` (${decision.reason})` : ''}`,
  );
  if (outcome.kind === 'rejected') return EXIT.ok;
  const { deployment } = outcome;
  switch (deployment.kind) {
    case 'started':
      return reportStart(models, pkg, deployment.start, before);
    case 'skipped':
      io.out(`deployed already: ${group} version ${version} is served (SSM last_deployed names it); nothing changed`);
      return EXIT.ok;
    case 'held':
      io.out(
        `not deployed: version ${deployment.deployedVersion} is served and newer, and approving never rolls back.\n` +
          `  to serve version ${version}: npx nx run trainer:models -- deploy ${version} --registry sagemaker`,
      );
      return EXIT.ok;
    case 'failed':
      io.out(
        `not deployed: ${deployment.message}\n` +
          `  deploy it again: npx nx run trainer:models -- deploy ${version} --registry sagemaker`,
      );
      return EXIT.failed;
  }
}

/** deploy <version>: an Approved version, newer or older than the one served, through the deploy function. */
export async function deployOnSageMaker(models: SageMakerModels, version: number): Promise<number> {
  const pkg = await models.registry.describe(version, models.group);
  const before = await models.parameters.get(models.names.lastDeployed);
  if (before === arnOf(pkg) && pkg.status === 'Approved') {
    models.io.out(`${models.group} version ${version} is already served (SSM last_deployed names it); nothing changed`);
    return EXIT.ok;
  }
  return startDeployment(models, pkg, before);
}

/** rollback: the newest Approved version older than the one SSM `last_deployed` names. */
export async function rollbackOnSageMaker(models: SageMakerModels): Promise<number> {
  const { group, io } = models;
  const before = await models.parameters.get(models.names.lastDeployed);
  const current = versionInGroup(before, group);
  if (current === undefined) {
    io.err(
      `${models.names.lastDeployed} names no version of ${group} (${before ?? 'not set'}): nothing to roll back ` +
        `(deploy a version: npx nx run trainer:models -- deploy <version> --registry sagemaker)`,
    );
    return EXIT.failed;
  }
  const target = (await models.registry.list(group))
    .filter((pkg) => pkg.status === 'Approved' && pkg.version < current)
    .sort((a, b) => a.version - b.version)
    .at(-1);
  if (target === undefined) {
    io.err(`${group} version ${current} is served and no older version is Approved: nothing to roll back to`);
    return EXIT.failed;
  }
  return startDeployment(models, target, before);
}

async function startDeployment(
  models: SageMakerModels,
  pkg: ModelPackage,
  before: string | undefined,
): Promise<number> {
  const { group, io } = models;
  let start: DeploymentStart;
  try {
    // Refuses a version that is not Approved, naming its status (PackageNotDeployableError, exit 2).
    ({ start } = await deployApproved(snapshotOf(pkg), { deployer: models.deployer }, versionInGroup(before, group)));
  } catch (error) {
    if (!(error instanceof DeployFunctionError)) throw error;
    io.err(`not deployed: ${error.message}`);
    io.err(`served now: ${servedText(before, group)} (${models.names.lastDeployed})`);
    return EXIT.failed;
  }
  return reportStart(models, pkg, start, before);
}

/** The deployment the function started, and what SSM `last_deployed` says was and is served. */
async function reportStart(
  models: SageMakerModels,
  pkg: ModelPackage,
  start: DeploymentStart,
  before: string | undefined,
): Promise<number> {
  const { group, io } = models;
  if (pkg.artifactSha256 === undefined)
    io.err(
      `warning: ${group} version ${pkg.version} carries no artifact_sha256 (registered before RegisterModel recorded it): ` +
        'nothing can tell its model.tar.gz from a replaced one',
    );
  const after = await models.parameters.get(models.names.lastDeployed);
  io.out(startLine(group, pkg.version, start, versionInGroup(before, group)));
  io.out(
    `served before: ${servedText(before, group)}; served now: ${servedText(after, group)} (${models.names.lastDeployed})`,
  );
  if (after !== arnOf(pkg))
    io.out(
      `  version ${pkg.version} is served once the endpoint is InService: the record-deployment function then sets last_deployed ` +
        '(npx nx run trainer:models -- list --registry sagemaker marks it)',
    );
  return EXIT.ok;
}

function startLine(group: string, version: number, start: DeploymentStart, previous: number | undefined): string {
  const direction =
    previous === undefined
      ? ''
      : previous > version
        ? `, rolling back from version ${previous}`
        : previous < version
          ? `, replacing version ${previous}`
          : '';
  const how =
    start.mode === 'create'
      ? `creating endpoint ${start.endpointName}`
      : start.mode === 'already-in-progress'
        ? `already under way on endpoint ${start.endpointName} (${start.endpointConfigName ?? 'its config'}); nothing repeated`
        : `updating endpoint ${start.endpointName} to ${start.endpointConfigName ?? 'a new config'}`;
  return `deployment started: ${group} version ${version}${direction} — ${how}`;
}

/** "version 3", or the ARN when SSM names a package of another group, or "nothing". */
function servedText(arn: string | undefined, group: string): string {
  if (arn === undefined) return 'nothing';
  const version = versionInGroup(arn, group);
  return version === undefined ? arn : `version ${version}`;
}

/** `arn:…:model-package/<group>/<version>`; SageMaker writes the group lower-case in ARNs. */
function versionInGroup(arn: string | undefined, group: string): number | undefined {
  const match = /:model-package\/([^/]+)\/(\d+)$/.exec(arn ?? '');
  return match !== null && match[1]!.toLowerCase() === group.toLowerCase() ? Number(match[2]) : undefined;
}

function snapshotOf(pkg: ModelPackage): PackageSnapshot {
  return { packageId: arnOf(pkg), group: pkg.group, version: pkg.version, status: pkg.status };
}

function arnOf(pkg: ModelPackage): string {
  if (pkg.arn === undefined) throw new RegistryCorruptError(`${pkg.group}/${pkg.version}`, 'no ModelPackageArn');
  return pkg.arn;
}
