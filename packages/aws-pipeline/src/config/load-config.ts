import { UserInputError } from '@powercast/contracts';
import { existsSync, readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { configSchema, type PowercastConfig } from './schema.js';

export const CONFIG_FILE_NAME = 'powercast.config.yaml';

/** A config file that cannot be read, parsed or validated; `key` is the dotted path at fault. */
export class ConfigError extends UserInputError {
  override readonly name = 'ConfigError';
  readonly kind = 'invalid-config';
  constructor(
    readonly file: string,
    readonly key: string | undefined,
    detail: string,
  ) {
    super(key === undefined ? `${file}: ${detail}` : `${file}: key "${key}": ${detail}`);
  }
}

/** Validates an already-parsed config object (e.g. from YAML or a test) into a typed config. */
export function parseConfig(input: unknown, file = '<inline config>'): PowercastConfig {
  const result = configSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw configErrorFrom(result.error, file);
}

/**
 * Reads `powercast.config.yaml` (or `path`). A missing file at the default path means "all
 * defaults"; a missing file that was asked for explicitly is an error.
 */
export function loadConfig(path?: string): PowercastConfig {
  const file = path ?? CONFIG_FILE_NAME;
  if (!existsSync(file)) {
    if (path === undefined) return parseConfig({}, file);
    throw new ConfigError(file, undefined, 'file not found');
  }
  const document = parseDocument(readFileSync(file, 'utf8'));
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    const line = first.linePos?.[0]?.line;
    throw new ConfigError(
      file,
      undefined,
      `invalid YAML${line === undefined ? '' : ` at line ${line}`}: ${first.message}`,
    );
  }
  return parseConfig(document.toJS(), file);
}

function configErrorFrom(error: z.ZodError, file: string): ConfigError {
  const issue = error.issues[0]!;
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => [...path, key].join('.'));
    return new ConfigError(
      file,
      keys[0],
      `unknown key${keys.length > 1 ? `s ${keys.join(', ')}` : ''} (not in the config schema)`,
    );
  }
  return new ConfigError(file, path.length === 0 ? '(root)' : path.join('.'), issue.message);
}
