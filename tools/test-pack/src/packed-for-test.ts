import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { installInEmptyFolder, packWithoutBuild, type PackedPackage } from './index.js';

/** What a pack test works on, once its setup has run. */
export interface PackTestSetup {
  /** The package first, then the workspace packages it needs at run time. */
  readonly packed: PackedPackage[];
  /** The package itself (`packed[0]`). */
  readonly main: PackedPackage;
  /** A new, otherwise empty project with all of them installed. */
  readonly consumer: string;
  /** The temporary folder all of it sits in: a test may write its own files here, removed with it. */
  readonly work: string;
}

type PackedState = Omit<PackTestSetup, 'main'>;

/**
 * The setup every `test/pack.test.ts` shares, registered in the calling `describe`: before its tests, a
 * temporary folder, `packWithoutBuild(name)` into it and `installInEmptyFolder` of the tarballs; after
 * them, the folder is removed. Read the fields from the tests on (earlier there is nothing packed yet).
 */
export function packedForTest(name: string, timeoutMs = 600_000): PackTestSetup {
  let work: string | undefined;
  let state: PackedState | undefined;
  beforeAll(async () => {
    const folder = await mkdtemp(path.join(tmpdir(), `${name.replace(/^@/, '').replace('/', '-')}-pack-`));
    work = folder;
    const packed = await packWithoutBuild(name, folder);
    state = { packed, consumer: await installInEmptyFolder(packed, path.join(folder, 'consumer')), work: folder };
  }, timeoutMs);
  afterAll(async () => {
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });
  const ready = (): PackedState => {
    if (state === undefined) throw new Error(`${name}: the pack test's setup has not run (read it inside a test)`);
    return state;
  };
  return {
    get packed() {
      return ready().packed;
    },
    get main() {
      return ready().packed[0]!;
    },
    get consumer() {
      return ready().consumer;
    },
    get work() {
      return ready().work;
    },
  };
}
