import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { InputTooLargeError, ZipArchiveError } from '../errors.js';
import { readZipMembers } from './zip.js';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const archive = (): Uint8Array =>
  zipSync({ '20220401_power_usage.csv': text('a,b\r\n'.repeat(200)), 'b.csv': text('x') }, { level: 6 });

describe('readZipMembers', () => {
  it('returns every member, sorted by name', () => {
    const members = readZipMembers(archive(), 'm.zip');
    expect(members.map((m) => m.name)).toEqual(['20220401_power_usage.csv', 'b.csv']);
    expect(new TextDecoder().decode(members[1]!.bytes)).toBe('x');
  });

  it('rejects a file that is not a ZIP, naming it', () => {
    const error = catchError(() => readZipMembers(text('DATE,TIME\r\n'), 'tepco/202204_power_usage.zip'));
    expect(error).toBeInstanceOf(ZipArchiveError);
    expect(error.kind).toBe('not-a-zip');
    expect(error.message).toContain('tepco/202204_power_usage.zip');
    expect(error.message).toContain('expected a complete ZIP archive');
  });

  it('rejects an empty file as not a ZIP', () => {
    expect(catchError(() => readZipMembers(new Uint8Array(), 'e.zip')).message).toContain('the file is empty');
  });

  it('rejects a truncated archive', () => {
    const bytes = archive();
    const error = catchError(() => readZipMembers(bytes.subarray(0, Math.floor(bytes.length / 2)), 't.zip'));
    expect(error.kind).toBe('corrupt-zip');
    expect(error.message).toMatch(/^t\.zip: damaged or truncated archive/);
  });

  it('rejects damaged member data and names the member', () => {
    const bytes = archive().slice();
    // Overwrite the start of the first member's deflate stream (after its 30-byte header and name).
    const dataStart = 30 + '20220401_power_usage.csv'.length;
    for (let i = dataStart; i < dataStart + 8; i++) bytes[i] = 0xff;
    const error = catchError(() => readZipMembers(bytes, 'd.zip'));
    expect(error.kind).toBe('corrupt-zip');
    expect(error.location.member).toBe('20220401_power_usage.csv');
  });

  it('refuses a member whose declared size is above the limit before inflating it, naming archive and member', () => {
    const bytes = archive();
    expect(() => readZipMembers(bytes, 'big.zip', { maxMemberBytes: 999, maxArchiveBytes: 1e6 })).toThrow(
      InputTooLargeError,
    );
    try {
      readZipMembers(bytes, 'big.zip', { maxMemberBytes: 999, maxArchiveBytes: 1e6 });
    } catch (error) {
      expect((error as InputTooLargeError).location).toEqual({ file: 'big.zip', member: '20220401_power_usage.csv' });
      expect((error as InputTooLargeError).message).toContain(
        '1000 bytes is above the read limit maxMemberBytes = 999',
      );
    }
    // The same archive passes with the limit at its size, and the total is checked too.
    expect(readZipMembers(bytes, 'big.zip', { maxMemberBytes: 1000, maxArchiveBytes: 1e6 })).toHaveLength(2);
    expect(() => readZipMembers(bytes, 'big.zip', { maxMemberBytes: 1000, maxArchiveBytes: 1000 })).toThrow(
      /1001 bytes is above the read limit maxArchiveBytes = 1000/,
    );
  });

  it('refuses a 500 MB declared member in a small archive without allocating it', () => {
    const bytes = withDeclaredSize(archive(), 500 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    expect(() => readZipMembers(bytes, 'bomb.zip')).toThrow(InputTooLargeError);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  });

  it('catches a member that declares fewer bytes than it holds (it would come out cut short)', () => {
    const bytes = withDeclaredSize(archive(), 600);
    const error = catchError(() => readZipMembers(bytes, 'lie.zip'));
    expect(error.kind).toBe('corrupt-zip');
    expect(error.location.member).toBe('20220401_power_usage.csv');
    expect(error.message).toContain('CRC-32 does not match');
  });
});

/** The archive with its first member's uncompressed size rewritten in the local header and the directory. */
function withDeclaredSize(zip: Uint8Array, size: number): Uint8Array {
  const bytes = zip.slice();
  const view = new DataView(bytes.buffer);
  view.setUint32(22, size, true);
  for (let i = 0; i + 4 <= bytes.length; i++) {
    if (view.getUint32(i, true) === 0x02014b50) {
      view.setUint32(i + 24, size, true);
      break;
    }
  }
  return bytes;
}

function catchError(run: () => unknown): ZipArchiveError {
  try {
    run();
  } catch (error) {
    if (error instanceof ZipArchiveError) return error;
    throw error;
  }
  throw new Error('expected a ZipArchiveError');
}
