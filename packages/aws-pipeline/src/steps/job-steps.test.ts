import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadData } from './job-steps.js';

function context(raw: string) {
  const out = mkdtempSync(join(tmpdir(), 'powercast-step-'));
  return { inputs: { raw }, outputs: { dataset: out }, parameters: { join: 'target' }, log: () => undefined };
}

describe('LoadData step', () => {
  it('fails with a helpful message when the data directory has no demand data', async () => {
    const raw = mkdtempSync(join(tmpdir(), 'powercast-raw-'));
    mkdirSync(join(raw, 'tepco'));
    writeFileSync(join(raw, 'README.md'), 'nothing here');
    // The loader's own SourceLayoutError names the folder, what it found and the expected layout.
    await expect(loadData(context(raw))).rejects.toThrow(
      /powercast-raw-.*: no TEPCO demand file among 1 file\(s\) \(README\.md\); expected/,
    );
  });
});
