// Reading a year of the ledger (365 issues × 7 leads = 2,555 forecasts and as many scores), as the
// console does on each page load: written once into a temp local store, then read back and turned
// into CSV three times. Run: npx nx run ledger:bench
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openArtifactStore, type ArtifactStore } from '@powercast/aws-pipeline';
import { appendForecast, appendScore, ledgerCsv, readLedger } from '../src/index.js';

const DAY_MS = 86_400_000;
const dateOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

async function fill(store: ArtifactStore): Promise<number> {
  let records = 0;
  const start = Date.parse('2023-01-01T00:00:00Z');
  const writes: Promise<unknown>[] = [];
  for (let day = 0; day < 365; day++) {
    const issueDate = dateOf(start + day * DAY_MS);
    for (let lead = 1; lead <= 7; lead++) {
      const key = {
        targetDate: dateOf(start + (day + lead) * DAY_MS),
        issuedAt: `${issueDate}T18:00:00+09:00`,
        modelVersion: '1',
      };
      writes.push(
        appendForecast(store, {
          ...key,
          lead,
          point: 4000 + lead,
          p10: 3800,
          p50: 4000,
          p90: 4200,
          variant: 'with-history',
          weatherIssue: `${issueDate}T17:00:00+09:00`,
          qualityFlags: [],
        }).then(() =>
          appendScore(store, {
            ...key,
            actual: 4100,
            tepcoForecast: 4050,
            scoredAt: `${key.targetDate}T18:10:00+09:00`,
          }),
        ),
      );
      records += 2;
      if (writes.length >= 64) await Promise.all(writes.splice(0));
    }
  }
  await Promise.all(writes);
  return records;
}

async function time(label: string, store: ArtifactStore, runs: number): Promise<void> {
  const records = await fill(store);
  const walls: string[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const rows = await readLedger(store);
    ledgerCsv(rows);
    walls.push(`${((performance.now() - started) / 1000).toFixed(2)} s`);
    if (rows.length !== records / 2) throw new Error(`read ${rows.length} rows, expected ${records / 2}`);
  }
  console.log(`readLedger + CSV of a year (${records} records) from ${label}: ${walls.join(', ')}`);
}

const dir = mkdtempSync(join(tmpdir(), 'powercast-ledger-bench-'));
try {
  await time('a local store', openArtifactStore(dir), 3);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
