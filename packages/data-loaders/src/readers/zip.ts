import { unzipSync } from 'fflate';
import { InputTooLargeError, ZipArchiveError } from '../errors.js';
import { DEFAULT_READ_LIMITS, type ReadLimits } from '../limits.js';
import { crc32 } from './crc32.js';

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

/** A member as the central directory declares it. */
interface DirectoryEntry {
  originalSize: number;
  crc: number;
}

/**
 * The central directory's CRC-32 of each member: fflate inflates into a buffer of the declared
 * size, so a member that lies about its size would come out cut short without this check.
 */
function directoryEntries(bytes: Uint8Array): Map<string, DirectoryEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = new Map<string, DirectoryEntry>();
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return entries;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const decoder = new TextDecoder();
  for (let n = 0; n < count && at + 46 <= bytes.length && view.getUint32(at, true) === 0x02014b50; n++) {
    const nameLength = view.getUint16(at + 28, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    entries.set(name, { crc: view.getUint32(at + 16, true), originalSize: view.getUint32(at + 24, true) });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

/**
 * All file members of a ZIP (directories skipped). fflate is synchronous and pure JS, which keeps
 * this a pure function of the bytes; errors name the archive and, when known, the member. Sizes
 * are checked against `limits` from the directory before anything is inflated, and every member's
 * length and CRC-32 against the directory after.
 */
export function readZipMembers(
  bytes: Uint8Array,
  file: string,
  limits: Pick<ReadLimits, 'maxMemberBytes' | 'maxArchiveBytes'> = DEFAULT_READ_LIMITS,
): ZipMember[] {
  if (!hasZipSignature(bytes)) {
    throw new ZipArchiveError('not-a-zip', { file }, `not a ZIP archive (starts with ${describeStart(bytes)})`);
  }
  let current: string | undefined;
  const declaredSizes = new Map<string, number>();
  let declaredTotal = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (info) => {
        current = info.name;
        if (info.name.endsWith('/')) return false;
        if (info.originalSize > limits.maxMemberBytes) {
          throw new InputTooLargeError(
            { file, member: info.name },
            info.originalSize,
            limits.maxMemberBytes,
            'maxMemberBytes',
          );
        }
        declaredTotal += info.originalSize;
        if (declaredTotal > limits.maxArchiveBytes) {
          throw new InputTooLargeError({ file }, declaredTotal, limits.maxArchiveBytes, 'maxArchiveBytes');
        }
        declaredSizes.set(info.name, info.originalSize);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof InputTooLargeError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    const location = current === undefined ? { file } : { file, member: current };
    throw new ZipArchiveError('corrupt-zip', location, `damaged or truncated archive (${reason})`);
  }
  const directory = directoryEntries(bytes);
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
    const entry = directory.get(name);
    if (entry && crc32(data) !== entry.crc) {
      throw new ZipArchiveError(
        'corrupt-zip',
        { file, member: name },
        `member's CRC-32 does not match the directory (its data is damaged or its declared size is wrong)`,
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
