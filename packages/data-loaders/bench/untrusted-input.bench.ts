/**
 * Benchmark: loading a ZIP bomb (a ~0.5 MB archive whose member inflates to 500 MB) and a 300 MB CSV,
 * each in a new process: the load's wall time, the process's (start-up included) and its peak RSS,
 * against the issue-14 targets (fails in < 2 s, peak memory < 300 MB). Inputs are built in a tmp dir.
 * Run: npx nx run data-loaders:bench (after the load benchmark) or node … bench/untrusted-input.bench.ts
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadInChild, writeOversizedCsv, writeZipBomb } from '../test/untrusted-input.js';

const RUNS = 5;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const bomb = mkdtempSync(join(tmpdir(), 'powercast-bench-bomb-'));
const zipBytes = writeZipBomb(join(bomb, 'tepco/monthly/202207_power_usage.zip'));
const bigCsv = mkdtempSync(join(tmpdir(), 'powercast-bench-csv-'));
writeOversizedCsv(join(bigCsv, 'tepco/yearly/juyo-2023.csv'));

for (const [label, dir] of [
  [`ZIP bomb (${(zipBytes / 1024).toFixed(0)} KB, member 500 MiB)`, bomb],
  ['300 MiB CSV', bigCsv],
] as const) {
  const loads: number[] = [];
  const processes: number[] = [];
  const rss: number[] = [];
  let error = '';
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const result = await loadInChild(dir);
    processes.push(performance.now() - started);
    loads.push(result.wallMs);
    rss.push(result.peakRssMb);
    error = `${result.error ?? 'no error'} (${result.message.length} characters)`;
  }
  const ok = median(processes) < 2000 && Math.max(...rss) < 300;
  console.log(
    `${label}: ${error}; load ${median(loads).toFixed(0)} ms, process ${median(processes).toFixed(0)} ms (median of ${RUNS}), peak RSS max ${Math.max(...rss).toFixed(0)} MB — ${ok ? 'within' : 'MISSES'} < 2 s / < 300 MB`,
  );
}
