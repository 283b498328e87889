import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  importEveryEntry,
  installInEmptyFolder,
  packWithoutBuild,
  runNode,
  tarballProblems,
  type PackedPackage,
} from '@powercast/test-pack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const work = await mkdtemp(path.join(tmpdir(), 'powercast-contracts-pack-'));
afterAll(() => rm(work, { recursive: true, force: true }));

/** The published package works outside the monorepo: packed without a prior build, used from plain Node. */
describe('npm pack of @powercast/contracts', () => {
  let packed: PackedPackage;
  let consumer: string;
  beforeAll(async () => {
    [packed] = await packWithoutBuild('@powercast/contracts', work);
    consumer = await installInEmptyFolder([packed], path.join(work, 'consumer'));
  }, 600_000);

  it('packs the built files, their sources for the maps, and no tests', async () => {
    expect(await tarballProblems(packed)).toEqual([]);
  });

  it('imports from plain Node and recognises its error family', async () => {
    expect(Object.keys(await importEveryEntry(consumer, packed))).toEqual([
      '@powercast/contracts',
      '@powercast/contracts/cli',
    ]);
    const script = `import { isUserInputError, UserInputError } from '@powercast/contracts';
class BadDate extends UserInputError { kind = 'bad-date'; }
console.log(JSON.stringify({ input: isUserInputError(new BadDate('2024-13-01')), other: isUserInputError(new Error('x')) }));`;
    expect(JSON.parse(await runNode(consumer, script))).toEqual({ input: true, other: false });
  });
});
