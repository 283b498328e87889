import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestS3, type TestS3 } from '@powercast/test-s3';
import { contentHash, type ArtifactStore } from './artifact-store.js';
import { ArtifactNotFoundError, ArtifactStoreError, InvalidArtifactKeyError, InvalidStoreUriError } from './errors.js';
import { LocalArtifactStore } from './local-store.js';
import { openArtifactStore, parseStoreUri } from './open-store.js';

const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

function describeStoreContract(kind: string, makeStore: () => ArtifactStore): void {
  describe(`${kind} store`, () => {
    it('reads back what it wrote and reports its URI', async () => {
      const store = makeStore();
      const uri = await store.put('runs/r1/run.json', '{"a":1}');
      expect(uri).toBe(store.uriOf('runs/r1/run.json'));
      expect(decode(await store.get('runs/r1/run.json'))).toBe('{"a":1}');
      expect(await store.exists('runs/r1/run.json')).toBe(true);
    });

    it('replaces an artifact on put', async () => {
      const store = makeStore();
      await store.put('a/b.txt', 'one');
      await store.put('a/b.txt', 'two');
      expect(decode(await store.get('a/b.txt'))).toBe('two');
    });

    it('throws ArtifactNotFoundError with the URI for a missing key', async () => {
      const store = makeStore();
      await expect(store.get('missing/x.bin')).rejects.toThrow(ArtifactNotFoundError);
      await expect(store.get('missing/x.bin')).rejects.toThrow(store.uriOf('missing/x.bin'));
      expect(await store.exists('missing/x.bin')).toBe(false);
    });

    it('creates only once with putIfAbsent and keeps the first body', async () => {
      const store = makeStore();
      expect(await store.putIfAbsent('registry/g/1/package.json', 'first')).toBe(true);
      expect(await store.putIfAbsent('registry/g/1/package.json', 'second')).toBe(false);
      expect(decode(await store.get('registry/g/1/package.json'))).toBe('first');
    });

    it('lists keys under a prefix, sorted', async () => {
      const store = makeStore();
      await store.put('list/b/2.txt', 'x');
      await store.put('list/a/1.txt', 'x');
      await store.put('other/3.txt', 'x');
      expect(await store.list('list/')).toEqual(['list/a/1.txt', 'list/b/2.txt']);
      expect(await store.list('nothing-here/')).toEqual([]);
      expect(await store.list('list/a')).toEqual(['list/a/1.txt']);
      expect(await store.list('oth')).toEqual(['other/3.txt']);
    });

    it('stores bytes unchanged', async () => {
      const store = makeStore();
      const bytes = new Uint8Array([0, 255, 1, 254, 10, 13]);
      await store.put('bin/x.bin', bytes);
      const back = await store.get('bin/x.bin');
      expect(contentHash(back)).toBe(contentHash(bytes));
    });

    it('rejects keys that escape the store', async () => {
      const store = makeStore();
      await expect(store.put('../escape.txt', 'x')).rejects.toThrow(InvalidArtifactKeyError);
      await expect(store.put('/abs.txt', 'x')).rejects.toThrow(InvalidArtifactKeyError);
    });
  });
}

describeStoreContract('local', () => new LocalArtifactStore(mkdtempSync(join(tmpdir(), 'powercast-store-'))));

describe('S3 store against s3rver', () => {
  let s3: TestS3;
  let counter = 0;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3?.close();
  });
  describeStoreContract('s3', () => openArtifactStore(`s3://${s3.bucket}/test-${++counter}`, { s3Client: s3.client }));

  it('reports an unreachable endpoint as an ArtifactStoreError naming the URI', async () => {
    const down = await startTestS3({ buckets: ['down-bucket'] });
    try {
      const store = openArtifactStore('s3://down-bucket/p', { s3Client: down.client });
      await store.put('x.txt', 'x');
      await down.stop();
      const failure = store.put('y.txt', 'y');
      await expect(failure).rejects.toThrow(ArtifactStoreError);
      await expect(store.get('x.txt')).rejects.toThrow(/s3:\/\/down-bucket\/p\/x\.txt.*unreachable/);
    } finally {
      await down.close();
    }
  });
});

describe('local store atomicity and faults', () => {
  it('never lists or reads a temp file left by a crashed write', async () => {
    const root = mkdtempSync(join(tmpdir(), 'powercast-store-'));
    const store = new LocalArtifactStore(root);
    await store.put('runs/r/a.json', '{}');
    writeFileSync(join(root, 'runs', 'r', 'b.json.tmp-999-abc'), '{"half');
    expect(await store.list('runs/')).toEqual(['runs/r/a.json']);
    expect(await store.exists('runs/r/b.json')).toBe(false);
  });

  it('leaves no temp files behind after writes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'powercast-store-'));
    const store = new LocalArtifactStore(root);
    await store.put('k.txt', 'x');
    await store.putIfAbsent('k.txt', 'y');
    expect(readdirSync(root)).toEqual(['k.txt']);
  });

  it('explains a store directory it may not write to', async () => {
    const root = mkdtempSync(join(tmpdir(), 'powercast-store-'));
    const isRoot = process.getuid?.() === 0;
    // root ignores permission bits, so make the directory immutable instead (ext4 chattr).
    const lock = (): void => (isRoot ? void execFileSync('chattr', ['+i', root]) : chmodSync(root, 0o500));
    const unlock = (): void => (isRoot ? void execFileSync('chattr', ['-i', root]) : chmodSync(root, 0o700));
    lock();
    try {
      const store = new LocalArtifactStore(root);
      await expect(store.put('k.txt', 'x')).rejects.toThrow(
        /cannot write .*k\.txt: (permission denied \(EACCES\)|operation not permitted \(EPERM\))/,
      );
      await expect(store.putIfAbsent('k.txt', 'x')).rejects.toThrow(ArtifactStoreError);
    } finally {
      unlock();
    }
  });

  it('explains a full disk and leaves no partial artifact behind', async (context) => {
    // A 64 KiB tmpfs is a real full disk; mounting needs root (skipped with a notice elsewhere).
    const mountPoint = mkdtempSync(join(tmpdir(), 'powercast-full-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], { stdio: 'ignore' });
    } catch {
      console.warn('cannot mount a small tmpfs here (needs root): the disk-full test is skipped');
      context.skip();
    }
    try {
      const store = new LocalArtifactStore(mountPoint);
      await store.put('small.txt', 'fits');
      const failure = store.put('runs/r/model.tar.gz', new Uint8Array(256 * 1024));
      await expect(failure).rejects.toThrow(
        /cannot write .*model\.tar\.gz: no space left on device \(disk full\) \(ENOSPC\)/,
      );
      expect(await store.list('')).toEqual(['small.txt']);
      expect(readdirSync(join(mountPoint, 'runs', 'r'))).toEqual([]);
    } finally {
      execFileSync('umount', [mountPoint], { stdio: 'ignore' });
    }
  });

  it('explains a parent path that is a file', async () => {
    const root = mkdtempSync(join(tmpdir(), 'powercast-store-'));
    writeFileSync(join(root, 'blocker'), 'x');
    const store = new LocalArtifactStore(root);
    await expect(store.put('blocker/k.txt', 'x')).rejects.toThrow(ArtifactStoreError);
    await expect(store.put('blocker/k.txt', 'x')).rejects.toThrow(/cannot write .*blocker\/k\.txt: /);
  });
});

describe('parseStoreUri', () => {
  it('parses S3 URIs with and without a prefix', () => {
    expect(parseStoreUri('s3://my-bucket/a/b/')).toEqual({ kind: 's3', bucket: 'my-bucket', prefix: 'a/b' });
    expect(parseStoreUri('s3://my-bucket')).toEqual({ kind: 's3', bucket: 'my-bucket', prefix: '' });
  });

  it('resolves relative local paths against the base directory', () => {
    expect(parseStoreUri('.powercast', '/work/x')).toEqual({ kind: 'local', path: '/work/x/.powercast' });
    expect(parseStoreUri('file:///tmp/store')).toEqual({ kind: 'local', path: '/tmp/store' });
  });

  it.each(['s3://', 's3://Bad_Bucket/x', 'http://example.com/x', 'gs://bucket/x', ''])('rejects "%s"', (uri) => {
    expect(() => parseStoreUri(uri)).toThrow(InvalidStoreUriError);
  });
});
