// Child process of untrusted-input.ts: loads argv[2], prints a ChildLoad as JSON. The wall time
// counts the load only (not Node's or tsx's start-up); the peak RSS is the whole process's.
import { loadDailyDataset } from '../src/index.js';

const started = performance.now();
let result: { error: string | null; kind: string | null; message: string };
try {
  const { report } = await loadDailyDataset({ source: process.argv[2]! });
  result = { error: null, kind: null, message: `${report.rowCount} rows` };
} catch (error) {
  const failure = error as Error & { kind?: string };
  result = { error: failure.name, kind: failure.kind ?? null, message: failure.message };
}
const wallMs = performance.now() - started;
process.stdout.write(JSON.stringify({ ...result, wallMs, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
