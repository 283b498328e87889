/**
 * How much untrusted input a read may take. A file above `maxFileBytes` is refused before it is
 * read; a ZIP member is refused from the archive's directory before it is inflated, so a small
 * archive that inflates to gigabytes costs nothing. The published files are far below these:
 * the largest TEPCO monthly ZIP is ~90 KB and inflates to ~310 KB, the largest CSV under 2 MB.
 */
export interface ReadLimits {
  /** One file as stored (a CSV, a JSON or a ZIP). */
  maxFileBytes: number;
  /** One ZIP member once inflated. */
  maxMemberBytes: number;
  /** All members of one ZIP once inflated. */
  maxArchiveBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_READ_LIMITS: Readonly<ReadLimits> = Object.freeze({
  maxFileBytes: 64 * MiB,
  maxMemberBytes: 16 * MiB,
  maxArchiveBytes: 128 * MiB,
});

/** The defaults with the caller's overrides; each must be a positive integer. */
export function readLimits(overrides: Partial<ReadLimits> = {}): ReadLimits {
  const limits = { ...DEFAULT_READ_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new RangeError(`read limit ${name}: expected a positive whole number of bytes, got ${String(value)}`);
    }
  }
  return limits;
}
