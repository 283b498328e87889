import { describe, expect, it } from 'vitest';
import { fenceProblems, machinePathProblems, relativeLinks } from './markdown.js';

describe('fenceProblems', () => {
  it('accepts closed fences of either kind, longer closers and fences inside list items', () => {
    const text = [
      '```sh',
      'npm ci',
      '```',
      '',
      '- step',
      '  ~~~~ts',
      '  const x = 1;',
      '  ~~~~~',
      '````',
      '```',
      '````',
    ];
    expect(fenceProblems(text.join('\n'))).toEqual([]);
  });

  it('reports a closing fence with text after it, which swallows the next paragraph', () => {
    const text = [
      '## Run',
      '```bash',
      'npx nx run trainer:run',
      '``` Tests that need the real files…',
      '',
      '## Architecture',
    ];
    expect(fenceProblems(text.join('\n'))).toEqual([
      {
        line: 4,
        message:
          'fence with text after it inside the block opened at line 2: a closing fence stands alone (got "Tests that need the real files…")',
      },
      { line: 2, message: 'code fence never closes' },
    ]);
  });

  it('reports a fence that never closes, and ignores a shorter or other-character fence inside a block', () => {
    expect(fenceProblems('````md\n```\n~~~\n')).toEqual([{ line: 1, message: 'code fence never closes' }]);
  });
});

describe('machinePathProblems', () => {
  it('names home folders and the workplace checkout, not container or relative paths', () => {
    const text = [
      'POWERCAST_DATA_DIR=/work/shared/data npx nx run trainer:run',
      'ENTRYPOINT ["node", "/workspace/apps/trainer/dist/main.mjs"]',
      'POWERCAST_DATA_DIR=../shared/data, /opt/ml/model, ../work/x',
      'see /home/alice/powercast and /Users/bob/x',
    ];
    expect(machinePathProblems(text.join('\n'))).toEqual([
      { line: 1, message: 'names the machine path "/work/": use a path relative to the workspace' },
      { line: 4, message: 'names the machine path "/home/alice": use a path relative to the workspace' },
    ]);
  });
});

describe('relativeLinks', () => {
  it('lists relative link targets without anchors, and leaves URLs and anchors out', () => {
    const text =
      '[data](data/README.md) [spec](https://example.org/x) [here](#usage) [api](../infra/README.md#synthesise)';
    expect(relativeLinks(text)).toEqual([
      { line: 1, target: 'data/README.md' },
      { line: 1, target: '../infra/README.md' },
    ]);
  });
});
