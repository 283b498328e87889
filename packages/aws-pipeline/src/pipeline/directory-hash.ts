import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { FileDigest } from '@powercast/contracts';
import { contentHash } from '../store/artifact-store.js';

/** Every file under `dir` (recursively) with its content hash, sorted by path. */
export async function digestDirectory(dir: string): Promise<FileDigest[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const digests: FileDigest[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const body = await readFile(path);
    digests.push({ path: relative(dir, path).split(sep).join('/'), sha256: contentHash(body), bytes: body.length });
  }
  return digests.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** One hash for a set of files: changes when any path or content changes. */
export function digestOfFiles(files: FileDigest[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file.path}\t${file.sha256}\n`);
  return hash.digest('hex');
}
