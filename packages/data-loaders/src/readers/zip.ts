import { unzipSync } from 'fflate';
import { ZipArchiveError } from '../errors.js';

export interface ZipMember {
  name: string;
  bytes: Uint8Array;
}

/** Local file header or end-of-central-directory signature (an empty archive). */
function hasZipSignature(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6))
  );
}

/**
 * All file members of a ZIP (directories skipped). fflate is synchronous and pure JS, which keeps
 * this a pure function of the bytes; errors name the archive and, when known, the member.
 */
export function readZipMembers(bytes: Uint8Array, file: string): ZipMember[] {
  if (!hasZipSignature(bytes)) {
    throw new ZipArchiveError('not-a-zip', { file }, `not a ZIP archive (starts with ${describeStart(bytes)})`);
  }
  let current: string | undefined;
  const declaredSizes = new Map<string, number>();
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (info) => {
        current = info.name;
        declaredSizes.set(info.name, info.originalSize);
        return !info.name.endsWith('/');
      },
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const location = current === undefined ? { file } : { file, member: current };
    throw new ZipArchiveError('corrupt-zip', location, `damaged or truncated archive (${reason})`);
  }
  const members: ZipMember[] = [];
  for (const [name, data] of Object.entries(entries)) {
    const declared = declaredSizes.get(name);
    if (declared !== undefined && declared !== data.length) {
      throw new ZipArchiveError(
        'corrupt-zip',
        { file, member: name },
        `member inflates to ${data.length} bytes but the directory says ${declared}`,
      );
    }
    members.push({ name, bytes: data });
  }
  members.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return members;
}

function describeStart(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'nothing: the file is empty';
  const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return `bytes ${head}`;
}
