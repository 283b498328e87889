import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { ModelPackage, ModelRegistry } from '@powercast/aws-pipeline';
import { SageMakerModelRegistry } from '@powercast/aws-pipeline/sagemaker';
import { EXIT, UsageError, type CliIo } from '../cli-io.js';
import { loadSettings } from '../settings.js';

export const MODELS_USAGE = `usage: trainer models list | describe <version> | approve <version> [--reason TEXT] [--by NAME] | reject <version> [--reason TEXT] [--by NAME]
  options: --config FILE, --store DIR|s3://…, --group NAME, --registry store|sagemaker (default store)`;

/**
 * `trainer models`: the store-backed registry (default) or, with `--registry sagemaker`, SageMaker Model Registry.
 * Decisions are final: re-deciding is a conflict (exit 1).
 */
export async function modelsCommand(argv: string[], io: CliIo, sagemakerClient?: SageMakerClient): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      store: { type: 'string' },
      group: { type: 'string' },
      reason: { type: 'string' },
      by: { type: 'string' },
      registry: { type: 'string', default: 'store' },
    },
    strict: true,
    allowPositionals: true,
  });
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
