import type { S3Client } from '@aws-sdk/client-s3';
import { readLimits, type ReadLimits } from '../limits.js';
import { resolveSource } from '../load/load-daily-dataset.js';
import { emptyParsedSources, parseSourceFile, type ParsedSources } from '../load/parse-files.js';
import { readAll, type DataSource } from '../load/source.js';
import { readZipMembers } from '../readers/zip.js';
import type { ListedFile, SourceText } from './source-checks.js';

export interface InspectedSources {
  sources: ParsedSources;
  listing: ListedFile[];
  texts: SourceText[];
}

/**
 * Reads every file under `source` for the quality rules: parsed as the loader parses them (with
 * lines), plus each file's size and the bytes of each CSV and ZIP member. The same read limits
 * apply as to loading.
 */
export async function inspectSources(options: {
  source: string | DataSource;
  s3Client?: S3Client;
  station?: string;
  limits?: Partial<ReadLimits>;
}): Promise<InspectedSources> {
  const source = resolveSource(options.source, options.s3Client);
  const limits = readLimits(options.limits);
  const paths = await source.list();
  const contents = await readAll(source, paths, limits.maxFileBytes);
  const sources = emptyParsedSources();
  const texts: SourceText[] = [];
  paths.forEach((path, index) => {
    const bytes = contents[index]!;
    parseSourceFile(path, bytes, sources, options.station, limits);
    if (path.toLowerCase().endsWith('.zip')) {
      for (const member of readZipMembers(bytes, path, limits))
        texts.push({ file: path, member: member.name, bytes: member.bytes });
    } else if (path.toLowerCase().endsWith('.csv')) texts.push({ file: path, bytes });
  });
  return { sources, listing: paths.map((path, index) => ({ path, bytes: contents[index]!.length })), texts };
}
