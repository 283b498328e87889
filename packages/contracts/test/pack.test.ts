import { importEveryEntry, packedForTest, runNode, tarballProblems } from '@powercast/test-pack';
import { describe, expect, it } from 'vitest';

/** The published package works outside the monorepo: packed without a prior build, used from plain Node. */
describe('npm pack of @powercast/contracts', () => {
  const pack = packedForTest('@powercast/contracts');

  it('packs the built files, their sources for the maps, and no tests', async () => {
    expect(pack.packed.map((tarball) => tarball.name)).toEqual(['@powercast/contracts']);
    expect(await tarballProblems(pack.main)).toEqual([]);
  });

  it('imports from plain Node and recognises its error family', async () => {
    expect(Object.keys(await importEveryEntry(pack.consumer, pack.main))).toEqual([
      '@powercast/contracts',
      '@powercast/contracts/cli',
    ]);
    const script = `import { isUserInputError, UserInputError } from '@powercast/contracts';
class BadDate extends UserInputError { kind = 'bad-date'; }
console.log(JSON.stringify({ input: isUserInputError(new BadDate('2024-13-01')), other: isUserInputError(new Error('x')) }));`;
    expect(JSON.parse(await runNode(pack.consumer, script))).toEqual({ input: true, other: false });
  });
});
