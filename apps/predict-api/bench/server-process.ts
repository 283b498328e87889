/**
 * The benchmarks' server: bench-server.ts bundled as the container bundles main.ts and run in its
 * own process, so the figures are those of the deployed form (no TypeScript loader) and its RSS
 * and CPU time are the service's alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleServer } from '../scripts/bundle.js';

/** `cpuProfileDir`: run the server under `node --cpu-prof`, writing its profile there when it exits. */
export async function startServer(
  modelDir: string,
  options: { cpuProfileDir?: string } = {},
): Promise<{ url: string; child: ChildProcess }> {
  // Inside the project (dist/ is ignored) so the bundle resolves swagger-ui-dist as the image does.
  const bundle = join(import.meta.dirname, '..', 'dist', 'bench-server.mjs');
  await bundleServer(join(import.meta.dirname, 'bench-server.ts'), bundle);
  const profile = options.cpuProfileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir];
  const child = spawn(process.execPath, [...profile, bundle, modelDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
    cwd: import.meta.dirname,
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    // Stays attached: the server's log lines must keep draining or its stdout pipe fills up.
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /ready (\S+)/.exec(chunk.toString());
      if (match) resolve(match[1] as string);
    });
  });
  return { url, child };
}

/** User + system CPU seconds used so far by a process (/proc/<pid>/stat, clock ticks of 10 ms). */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resident and peak resident memory of a process (/proc/<pid>/status). */
export async function rssMb(pid: number): Promise<{ rssMb: number; peakMb: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}
