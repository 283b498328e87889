import { importEveryEntry, packedForTest, runNode, tarballProblems } from '@powercast/test-pack';
import { describe, expect, it } from 'vitest';

/** The published package works outside the monorepo: packed without a prior build, used from plain Node. */
describe('npm pack of @powercast/ledger', () => {
  const pack = packedForTest('@powercast/ledger');

  it('packs the built files, their sources for the maps, and no tests', async () => {
    for (const tarball of pack.packed) {
      expect({ [tarball.name]: await tarballProblems(tarball) }).toEqual({ [tarball.name]: [] });
    }
  });

  it('imports from plain Node and keeps one record per key on an in-memory store', async () => {
    const ledger = pack.packed.find((tarball) => tarball.name === '@powercast/ledger')!;
    expect(Object.keys(await importEveryEntry(pack.consumer, ledger))).toEqual(['@powercast/ledger']);
    const script = `import { appendForecast, ledgerCsv, readLedger } from '@powercast/ledger';
const objects = new Map();
const store = {
  uriOf: (key) => 'memory://' + key,
  putIfAbsent: async (key, body) => (objects.has(key) ? false : (objects.set(key, new TextEncoder().encode(body)), true)),
  get: async (key) => objects.get(key),
  exists: async (key) => objects.has(key),
  list: async (prefix) => [...objects.keys()].filter((key) => key.startsWith(prefix)).sort(),
};
const forecast = { targetDate: '2023-08-02', issuedAt: '2023-08-01T18:00:00+09:00', modelVersion: '1', lead: 1, point: 5000,
  p10: null, p50: null, p90: null, variant: 'with-history', weatherIssue: null, qualityFlags: [] };
const first = await appendForecast(store, forecast);
const second = await appendForecast(store, { ...forecast, point: 1 });
const rows = await readLedger(store);
console.log(JSON.stringify({ first: first.written, second: second.written, rows: rows.length, lines: ledgerCsv(rows).trim().split('\\n').length }));`;
    expect(JSON.parse(await runNode(pack.consumer, script))).toEqual({ first: true, second: false, rows: 1, lines: 2 });
  });
});
