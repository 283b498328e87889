/**
 * Damaged inputs built in a tmp dir for the resource tests and `data-loaders:bench` (never committed):
 * a ZIP bomb (a small archive whose member inflates to hundreds of MB) and an oversized CSV, and a
 * child process that loads a folder and reports how it failed, its wall time and its peak memory.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, ftruncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Zip, ZipDeflate } from 'fflate';

/** Writes `path`: a ZIP with one CSV member of `memberMiB` MiB of zeros, deflated (500 MiB → ~0.5 MB). */
export function writeZipBomb(path: string, memberMiB = 500): number {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((error, data) => {
    if (error) throw error;
    chunks.push(data);
  });
  const member = new ZipDeflate('20220701_power_usage.csv', { level: 1 });
  zip.add(member);
  const block = new Uint8Array(1 << 20);
  for (let i = 0; i < memberMiB; i++) member.push(block, i === memberMiB - 1);
  zip.end();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, Buffer.concat(chunks));
  return chunks.reduce((sum, chunk) => sum + chunk.length, 0);
}

/** Writes `path` as a sparse file of `mib` MiB (its size is real to `stat`, its blocks are not written). */
export function writeOversizedCsv(path: string, mib = 300): void {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'w');
  ftruncateSync(fd, mib * 1024 * 1024);
  closeSync(fd);
}

export interface ChildLoad {
  /** The error's class name, or null when loading succeeded. */
  error: string | null;
  kind: string | null;
  message: string;
  wallMs: number;
  /** Peak resident set size of the child process (MB), from `process.resourceUsage().maxRSS`. */
  peakRssMb: number;
}

const CHILD = join(import.meta.dirname, 'load-child.ts');

/** Loads `dataDir` with `loadDailyDataset` in a new Node process (so its memory is measured alone). */
export function loadInChild(dataDir: string): Promise<ChildLoad> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@powercast/source', '--import', 'tsx', CHILD, dataDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (data: Buffer) => (out += data.toString('utf8')));
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve(JSON.parse(out) as ChildLoad);
      } catch {
        reject(new Error(`load child printed no result: ${out.slice(0, 200)}`));
      }
    });
  });
}
