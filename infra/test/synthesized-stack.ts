import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { defaultBundlesDir } from '../src/approval-bundles.js';
import { synthesizeEnvironment, type SynthesizeOptions } from '../src/app.js';
import {
  resolveEnvironmentConfig,
  type EnvironmentConfig,
  type EnvironmentName,
  type EnvironmentOverrides,
} from '../src/config/environment-config.js';
import { approvalBundleFileName, approvalHandlerNames, approvalHandlers } from '@powercast/contracts';
import { scratchVariable } from './global-setup.js';

/** The parts of cdk.tf.json the tests read. */
export interface SynthesizedJson {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data: Record<string, Record<string, Record<string, unknown>>>;
  output: Record<string, { value: unknown }>;
  provider: Record<string, Record<string, unknown>[]>;
  terraform: { backend: Record<string, Record<string, unknown>>; required_providers: Record<string, unknown> };
}

export interface SynthesizedEnvironment {
  config: EnvironmentConfig;
  json: SynthesizedJson;
  stackFile: string;
  stackDir: string;
}

export interface Resource {
  type: string;
  id: string;
  values: Record<string, unknown>;
}

/** Under the run's scratch directory (test/global-setup.ts removes it), else the system temp dir. */
function temporaryDir(label: string): string {
  const parent = process.env[scratchVariable] ?? tmpdir();
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(join(parent, `powercast-infra-${label}-`));
}

/** An empty but valid zip archive (only the end-of-central-directory record). */
const emptyZip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18)]);

/**
 * The real bundles of apps/approval when all are built; otherwise stand-in zips in a temp dir,
 * so the stack tests run before (or without) `approval:bundle`.
 */
export function bundlesDirForTests(): string {
  if (approvalHandlerNames.every((fn) => existsSync(join(defaultBundlesDir, approvalBundleFileName(fn)))))
    return defaultBundlesDir;
  return standInBundlesDir();
}

/** A temp dir holding empty zips named `<name>.zip` (default: every approval bundle). */
export function standInBundlesDir(names: readonly string[] = Object.values(approvalHandlers)): string {
  const dir = temporaryDir('bundles');
  mkdirSync(dir, { recursive: true });
  for (const name of names) writeFileSync(join(dir, `${name}.zip`), emptyZip);
  return dir;
}

const memo = new Map<string, SynthesizedEnvironment>();

/** Synthesises an environment into a temp dir, once per test worker and set of options. */
export function synthesized(
  environment: EnvironmentName,
  options: { overrides?: EnvironmentOverrides } & Pick<SynthesizeOptions, 'localStatePath' | 'pipelineConfig'> = {},
): SynthesizedEnvironment {
  const key = JSON.stringify([
    environment,
    options.overrides ?? {},
    options.localStatePath ?? null,
    options.pipelineConfig ?? null,
  ]);
  const cached = memo.get(key);
  if (cached !== undefined) return cached;
  const config = resolveEnvironmentConfig(environment, options.overrides);
  const outdir = temporaryDir(environment);
  const { stackFile } = synthesizeEnvironment({ ...options, config, outdir, bundlesDir: bundlesDirForTests() });
  const json = JSON.parse(readFileSync(stackFile, 'utf8')) as SynthesizedJson;
  const result = { config, json, stackFile, stackDir: join(stackFile, '..') };
  memo.set(key, result);
  return result;
}

export function resourcesOfType(json: SynthesizedJson, type: string): Resource[] {
  return Object.entries(json.resource[type] ?? {}).map(([id, values]) => ({ type, id, values }));
}

export function allResources(json: SynthesizedJson): Resource[] {
  return Object.keys(json.resource).flatMap((type) => resourcesOfType(json, type));
}

/** The one resource of `type` matching `where`; fails loudly when there are none or several. */
export function resourceWhere(
  json: SynthesizedJson,
  type: string,
  where: (values: Record<string, unknown>) => boolean = () => true,
): Resource {
  const matches = resourcesOfType(json, type).filter((resource) => where(resource.values));
  if (matches.length !== 1) throw new Error(`expected exactly one ${type} matching, found ${matches.length}`);
  return matches[0] as Resource;
}

/** The Terraform expression another resource uses to refer to `resource.attribute`. */
export function ref(resource: Resource, attribute: string): string {
  return `\${${resource.type}.${resource.id}.${attribute}}`;
}
