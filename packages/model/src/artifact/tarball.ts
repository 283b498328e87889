import { create, list } from 'tar';
import { ModelArtifactError } from './errors.js';

/** Writes `files` (names relative to `dir`) into a gzipped tarball, without mtimes so equal inputs give equal bytes. */
export async function writeTarGz(tarGzPath: string, dir: string, files: string[]): Promise<void> {
  await create({ gzip: true, file: tarGzPath, cwd: dir, portable: true, noMtime: true }, files);
}

/** Reads every regular file of a .tar.gz into memory (artifacts are a few MB). */
export async function readTarGz(tarGzPath: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  try {
    await list({
      file: tarGzPath,
      strict: true,
      onReadEntry: (entry) => {
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => {
          if (entry.type === 'File') files.set(entry.path.replace(/^\.\//, ''), Buffer.concat(chunks));
        });
      },
    });
  } catch (error) {
    throw new ModelArtifactError(tarGzPath, `not a readable .tar.gz (${(error as Error).message})`, { cause: error });
  }
  return files;
}
