import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE_NAME, loadConfig, parseConfig } from '@powercast/aws-pipeline';
import { findWorkspaceRoot } from '@powercast/contracts/cli';
import { describe, expect, it } from 'vitest';

// Moved from aws-pipeline's load-config tests: they check the workspace's file, not the loader, and
// here a change to the file affects only the projects that read it (nx affected, the test cache).
const rootConfigPath = join(findWorkspaceRoot(import.meta.dirname), CONFIG_FILE_NAME);

describe('the root powercast.config.yaml', () => {
  it('reads the root powercast.config.yaml, whose values are exactly the schema defaults', () => {
    // The monitoring section is @powercast/monitoring's to check (apps/trainer/src/settings.test.ts holds it to those defaults).
    const { monitoring, ...pipeline } = loadConfig(rootConfigPath);
    expect(monitoring).toBeDefined();
    expect(pipeline).toEqual(parseConfig({}));
  });

  it('documents every key of the root config with a comment line above it', () => {
    const lines = readFileSync(rootConfigPath, 'utf8').split('\n');
    lines.forEach((line, index) => {
      const isKey = /^\s*[a-z_0-9]+:/.test(line);
      if (isKey) expect(lines[index - 1]?.trim().startsWith('#'), `comment above "${line.trim()}"`).toBe(true);
    });
  });
});
