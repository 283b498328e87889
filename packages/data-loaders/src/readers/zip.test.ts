import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ZipArchiveError } from '../errors.js';
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
});

function catchError(run: () => unknown): ZipArchiveError {
  try {
    run();
  } catch (error) {
    if (error instanceof ZipArchiveError) return error;
    throw error;
  }
  throw new Error('expected a ZipArchiveError');
}
