import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { chmod, link, mkdir, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { assertValidKey, type ArtifactStore, type WriteOptions } from './artifact-store.js';
import { ArtifactNotFoundError, ArtifactStoreError } from './errors.js';

/** Temp files carry this marker; `list` never returns them and a crash leaves only them behind. */
const TEMP_MARKER = '.tmp-';
/** The store holds signed links and the signing secret: its directories are the owner's only. */
const DIRECTORY_MODE = 0o700;
const PRIVATE_FILE_MODE = 0o600;

/**
 * An artifact store in a local directory: writes go to a temp file, then rename (or link, for create-only).
 * Directories it creates are 0700; private writes (secrets, signed links) are 0600.
 */
export class LocalArtifactStore implements ArtifactStore {
  readonly uri: string;

  constructor(root: string) {
    this.uri = resolve(root);
  }

  uriOf(key: string): string {
    assertValidKey(key);
    return join(this.uri, ...key.split('/'));
  }

  async put(key: string, body: Uint8Array | string, options: WriteOptions = {}): Promise<string> {
    const path = this.uriOf(key);
    const temp = await this.writeTemp(path, body, options);
    try {
      await rename(temp, path);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw storeError(path, 'write', error);
    }
    return path;
  }

  async putIfAbsent(key: string, body: Uint8Array | string, options: WriteOptions = {}): Promise<boolean> {
    const path = this.uriOf(key);
    const temp = await this.writeTemp(path, body, options);
    try {
      // link() fails with EEXIST if the target exists: an atomic create-only publish of a complete file.
      await link(temp, path);
      return true;
    } catch (error) {
      if (errorCode(error) === 'EEXIST') {
        // A secret created by an older version may be world-readable: tighten it where it is.
        if (options.private === true) await chmod(path, PRIVATE_FILE_MODE).catch(() => undefined);
        return false;
      }
      throw storeError(path, 'write', error);
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }

  async get(key: string): Promise<Uint8Array> {
    const path = this.uriOf(key);
    try {
      return new Uint8Array(await readFile(path));
    } catch (error) {
      if (errorCode(error) === 'ENOENT') throw new ArtifactNotFoundError(path);
      throw storeError(path, 'read', error);
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.uriOf(key))).isFile();
    } catch (error) {
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return false;
      throw storeError(this.uriOf(key), 'read', error);
    }
  }

  async list(prefix: string): Promise<string[]> {
    // Walk only the deepest directory the prefix names, not the whole store (runs accumulate).
    const baseKey = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const base = baseKey === '' ? this.uri : join(this.uri, ...baseKey.split('/'));
    let entries: Dirent[];
    try {
      entries = await readdir(base, { recursive: true, withFileTypes: true });
    } catch (error) {
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return [];
      throw storeError(base, 'list', error);
    }
    const keys: string[] = [];
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const key = relative(this.uri, join(entry.parentPath, entry.name)).split(sep).join('/');
      if (key.startsWith(prefix) && !key.split('/').some((segment) => segment.includes(TEMP_MARKER))) keys.push(key);
    }
    return keys.sort();
  }

  /** Relative key of an absolute path inside this store (for URIs handed back by callers). */
  keyOf(path: string): string {
    return relative(this.uri, path).split(sep).join('/');
  }

  private async writeTemp(path: string, body: Uint8Array | string, options: WriteOptions): Promise<string> {
    const temp = `${path}${TEMP_MARKER}${process.pid}-${randomBytes(6).toString('hex')}`;
    try {
      await mkdir(dirname(path), { recursive: true, mode: DIRECTORY_MODE });
      // A directory made 0755 by an older version would list a private file to everyone: close it.
      if (options.private === true) await chmod(dirname(path), DIRECTORY_MODE);
      await writeFile(temp, body, options.private === true ? { mode: PRIVATE_FILE_MODE } : {});
      return temp;
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw storeError(path, 'write', error);
    }
  }
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

const EXPLANATIONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on device (disk full)',
  EROFS: 'read-only file system',
  ENOTDIR: 'a parent path is a file, not a directory',
};

function storeError(path: string, operation: 'read' | 'write' | 'list', error: unknown): ArtifactStoreError {
  const code = errorCode(error);
  const detail = code !== undefined && code in EXPLANATIONS ? `${EXPLANATIONS[code]} (${code})` : String(error);
  return new ArtifactStoreError(path, operation, detail, { cause: error });
}
