import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInChild, writeOversizedCsv, writeZipBomb } from './untrusted-input.js';

// Memory, not time, is asserted here (timings belong to data-loaders:bench, which also times these).
describe('untrusted input: resources stay bounded', () => {
  it('a ~0.5 MB ZIP holding a 500 MB member is refused from its directory, peak memory under 300 MB', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'powercast-zip-bomb-'));
    const zipBytes = writeZipBomb(join(dir, 'tepco/monthly/202207_power_usage.zip'));
    expect(zipBytes).toBeLessThan(700 * 1024);
    const load = await loadInChild(dir);
    expect(load).toMatchObject({ error: 'InputTooLargeError', kind: 'too-large' });
    expect(load.message).toContain('20220701_power_usage.csv');
    expect(load.message).toContain('maxMemberBytes');
    expect(load.message.length).toBeLessThan(400);
    expect(load.peakRssMb).toBeLessThan(300);
  }, 120_000);

  it('a 300 MB CSV is refused before it is read, peak memory under 300 MB', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'powercast-big-csv-'));
    writeOversizedCsv(join(dir, 'tepco/yearly/juyo-2023.csv'));
    const load = await loadInChild(dir);
    expect(load).toMatchObject({ error: 'InputTooLargeError', kind: 'too-large' });
    expect(load.message).toContain('maxFileBytes');
    expect(load.peakRssMb).toBeLessThan(300);
  }, 60_000);
});
