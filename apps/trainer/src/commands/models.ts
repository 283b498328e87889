import { userInfo } from 'node:os';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { ModelPackage, ModelRegistry } from '@powercast/aws-pipeline';
import { SageMakerModelRegistry } from '@powercast/aws-pipeline/sagemaker';
import { EXIT, UsageError, defineCommand, helpText, parseCommandLine, type CliIo } from '@powercast/contracts/cli';
import { PATH_NOTE, loadSettings } from '../settings.js';

export const MODELS_COMMAND = defineCommand({
  name: 'trainer models',
  summary:
    'The model registry: list the versions, describe one, approve or reject it.\nDecisions are final: deciding a decided version again is a conflict (exit 1).',
  arguments: 'list | describe <version> | approve <version> | reject <version>',
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
      description: 'the store-backed registry or SageMaker Model Registry',
    },
  },
  notes: [PATH_NOTE],
});

export const MODELS_USAGE = helpText(MODELS_COMMAND);

/**
 * `trainer models`: the store-backed registry (default) or, with `--registry sagemaker`, SageMaker Model Registry.
 * Decisions are final: re-deciding is a conflict (exit 1).
 */
export async function modelsCommand(argv: string[], io: CliIo, sagemakerClient?: SageMakerClient): Promise<number> {
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
  const { aws } = settings.config;
  const registry: ModelRegistry =
    values.registry === 'sagemaker'
      ? new SageMakerModelRegistry(sagemakerClient ?? new SageMakerClient({ region: aws.region }), {
          imageUri: aws.inference_image_uri,
          group: settings.config.registry_group,
        })
      : settings.registry;
  const group = values.group ?? registry.defaultGroup;
  if (action === 'list') {
    const packages = await registry.list(group);
    if (packages.length === 0) {
      io.out(`no model packages in ${group} (run: npx nx run trainer:run)`);
      return EXIT.ok;
    }
    io.out(`${'version'.padEnd(9)}${'status'.padEnd(23)}${'mse'.padEnd(11)}${'training window'.padEnd(25)}created`);
    for (const pkg of packages) io.out(listLine(pkg));
    return EXIT.ok;
  }
  if (action !== 'describe' && action !== 'approve' && action !== 'reject')
    throw new UsageError(`unknown models action "${action ?? ''}"`);
  const version = Number(versionText);
  if (versionText === undefined || !Number.isInteger(version) || version < 1) {
    throw new UsageError(`${action}: expected a version number (1, 2, …), got "${versionText ?? ''}"`);
  }
  if (action === 'describe') {
    io.out(JSON.stringify(await registry.describe(version, group), null, 2));
    return EXIT.ok;
  }
  const decided = await registry.decide(
    version,
    {
      status: action === 'approve' ? 'Approved' : 'Rejected',
      by: values.by ?? io.env['USER'] ?? userInfo().username,
      ...(values.reason === undefined ? {} : { reason: values.reason }),
    },
    group,
  );
  io.out(
    `${group} version ${version}: ${decided.status} by ${decided.decision?.by}${values.reason ? ` (${values.reason})` : ''}`,
  );
  return EXIT.ok;
}

function listLine(pkg: ModelPackage): string {
  const mse = pkg.metrics['mse'] === undefined ? '' : pkg.metrics['mse'].toFixed(1);
  return `${String(pkg.version).padEnd(9)}${pkg.status.padEnd(23)}${mse.padEnd(11)}${`${pkg.trainingWindow.from}..${pkg.trainingWindow.to}`.padEnd(25)}${pkg.createdAt}`;
}
