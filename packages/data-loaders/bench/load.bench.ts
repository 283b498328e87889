/**
 * Benchmark: full load of a data folder and the monthly ZIPs alone, against a baseline measured
 * in the same run (reading the same files' bytes from disk, nothing else).
 * Run: npx nx run data-loaders:bench [-- --data-dir ../shared/data] [--runs 7] (--help lists the options)
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  defineCommand,
  helpText,
  parseCommandLine,
  processIo,
  realDataDir,
  reportError,
  resolveUserPath,
} from '@powercast/contracts/cli';
import { loadDailyDataset, localDirectorySource } from '../src/index.js';
import { readSources } from '../src/load/load-daily-dataset.js';
import { emptyParsedSources, parseSourceFile, type ParsedSources } from '../src/load/parse-files.js';
import { readAll } from '../src/load/source.js';
import { decodeText, readZipMembers } from '../src/readers/index.js';

const BENCH = defineCommand({
  name: 'npx nx run data-loaders:bench --',
  summary: 'Times a full load of a data folder and of its monthly ZIPs alone, against reading the same bytes.',
  options: {
    'data-dir': {
      type: 'string',
      value: 'DIR',
      description: 'the TEPCO/JMA files (default: $POWERCAST_DATA_DIR, else ../shared/data)',
    },
    runs: { type: 'string', value: 'N', default: '7', description: 'timed runs per measurement (median reported)' },
  },
  notes: ['A relative path resolves from the directory you run the command in.'],
});

const io = processIo();
let values;
try {
  const line = parseCommandLine(BENCH, process.argv.slice(2));
  if (line.help) {
    io.err(helpText(BENCH));
    process.exit(0);
  }
  values = line.values;
} catch (error) {
  process.exit(reportError(error, io));
}
const dataDir = values['data-dir'] === undefined ? realDataDir(io) : resolveUserPath(values['data-dir'], io);
if (dataDir === undefined) {
  io.err(`${BENCH.name}: no data: pass --data-dir, set POWERCAST_DATA_DIR, or keep the shared copy in ../shared/data`);
  process.exit(2);
}
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  io.err(`${BENCH.name}: --runs must be a positive integer, got "${values.runs}"`);
  process.exit(2);
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median wall time and median CPU time (user+system: less sensitive to other processes on a shared machine). */
async function time(label: string, action: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  await action(); // warm-up: module loading, JIT, file cache
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    await action();
    walls.push(performance.now() - start);
    const cpu = process.cpuUsage(cpuStart);
    cpus.push((cpu.user + cpu.system) / 1000);
  }
  const result = { wall: median(walls), cpu: median(cpus) };
  console.log(
    `  ${label.padEnd(40)} wall ${result.wall.toFixed(1).padStart(7)} ms (min ${Math.min(...walls)
      .toFixed(1)
      .padStart(6)})  cpu ${result.cpu.toFixed(1).padStart(7)} ms`,
  );
  return result;
}

function sourceRows(parsed: ParsedSources): number {
  return (
    parsed.tepcoDaily.reduce((sum, day) => sum + day.hourly.length + day.fiveMinute.length, 0) +
    parsed.tepcoYearly.reduce((sum, file) => sum + file.days.length * 24, 0) +
    parsed.jmaDaily.reduce((sum, file) => sum + file.rows.length, 0) +
    parsed.jmaHourly.reduce((sum, file) => sum + file.readings.length, 0) +
    parsed.holidays.reduce((sum, list) => sum + list.holidays.length, 0)
  );
}

const source = localDirectorySource(dataDir);
const allPaths = (await source.list()).filter((p) => /\.(csv|zip)$/i.test(p));
const zipPaths = allPaths.filter((p) => p.startsWith('tepco/monthly/') && p.endsWith('.zip'));
const parsedAll = await readSources(source);
const zipParsed = emptyParsedSources();
for (const p of zipPaths) parseSourceFile(p, await readFile(path.join(dataDir, p)), zipParsed);
const totalRows = sourceRows(parsedAll);
const zipRows = sourceRows(zipParsed);
const zipMembers = zipParsed.tepcoDaily.length;

console.log(`data-loaders bench — ${dataDir}`);
console.log(
  `  ${allPaths.length} data files (${zipPaths.length} monthly ZIPs holding ${zipMembers} daily files), ${totalRows.toLocaleString('en')} source rows; node ${process.version}\n`,
);

/** The least any reader must do: read the bytes, inflate the ZIP members, decode CP932 to text. */
async function readAndDecode(paths: string[]): Promise<number> {
  let characters = 0;
  const contents = await readAll(source, paths);
  for (const [i, bytes] of contents.entries()) {
    const texts = paths[i]!.endsWith('.zip')
      ? readZipMembers(bytes, paths[i]!).map((member) => decodeText(member.bytes))
      : [decodeText(bytes)];
    for (const { text } of texts) characters += text.length;
  }
  return characters;
}

const rawAllTiming = await time('baseline: read bytes, all files', () => readAll(source, allPaths));
const decodeAllTiming = await time('baseline: read+unzip+decode, all files', () => readAndDecode(allPaths));
const fullTiming = await time('loadDailyDataset (full load)', () => loadDailyDataset({ source: dataDir }));
const rawZipTiming = await time('baseline: read bytes, monthly ZIPs', () => readAll(source, zipPaths));
const decodeZipTiming = await time('baseline: read+unzip+decode, ZIPs', () => readAndDecode(zipPaths));
const zipTiming = await time('monthly ZIPs: read+unzip+decode+parse', async () => {
  const parsed = emptyParsedSources();
  const contents = await readAll(source, zipPaths);
  zipPaths.forEach((p, i) => parseSourceFile(p, contents[i]!, parsed));
});
const [rawAll, fullLoad, rawZips, zipsOnly] = [rawAllTiming.wall, fullTiming.wall, rawZipTiming.wall, zipTiming.wall];

const perSecond = (count: number, ms: number): string => Math.round((count / ms) * 1000).toLocaleString('en');
const summary = {
  fullLoad: {
    wallMs: +fullLoad.toFixed(1),
    cpuMs: +fullTiming.cpu.toFixed(1),
    files: allPaths.length,
    filesPerSecond: perSecond(allPaths.length, fullLoad),
    rowsPerSecond: perSecond(totalRows, fullLoad),
    baselineReadMs: +rawAll.toFixed(1),
    ratioToRawRead: +(fullLoad / rawAll).toFixed(1),
    ratioToDecode: +(fullLoad / decodeAllTiming.wall).toFixed(2),
    under1s: fullLoad < 1000,
  },
  monthlyZips: {
    wallMs: +zipsOnly.toFixed(1),
    cpuMs: +zipTiming.cpu.toFixed(1),
    zips: zipPaths.length,
    dailyFiles: zipMembers,
    dailyFilesPerSecond: perSecond(zipMembers, zipsOnly),
    rowsPerSecond: perSecond(zipRows, zipsOnly),
    baselineReadMs: +rawZips.toFixed(1),
    ratioToRawRead: +(zipsOnly / rawZips).toFixed(1),
    ratioToDecode: +(zipsOnly / decodeZipTiming.wall).toFixed(2),
  },
};
const load = (): string =>
  `load average ${process.platform === 'linux' ? os.loadavg()[0]!.toFixed(1) : '?'} on ${os.cpus().length} cores`;
console.log(
  `\nfull load: ${summary.fullLoad.wallMs} ms wall (${summary.fullLoad.cpuMs} ms CPU), ${summary.fullLoad.filesPerSecond} files/s, ${summary.fullLoad.rowsPerSecond} rows/s; ${summary.fullLoad.ratioToRawRead}× the raw read, ${summary.fullLoad.ratioToDecode}× read+unzip+decode (${summary.fullLoad.under1s ? 'under' : 'OVER'} the 1 s target; ${load()})`,
);
console.log(
  `monthly ZIPs: ${summary.monthlyZips.wallMs} ms wall (${summary.monthlyZips.cpuMs} ms CPU), ${summary.monthlyZips.dailyFilesPerSecond} daily files/s, ${summary.monthlyZips.rowsPerSecond} rows/s; ${summary.monthlyZips.ratioToRawRead}× the raw read, ${summary.monthlyZips.ratioToDecode}× read+unzip+decode`,
);
console.log(JSON.stringify(summary));
