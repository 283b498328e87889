import { fileURLToPath } from 'node:url';
import type { CliIo } from '@powercast/contracts/cli';
import { main } from '../src/main.js';

export const workspaceRoot = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '');
export const projectRoot = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
export const dataDir = process.env['POWERCAST_DATA_DIR'];
if (!dataDir) console.warn('POWERCAST_DATA_DIR is not set: the trainer tests that need the real data are skipped');

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in-process with captured output; `onLine` sees each stdout line as it is printed. */
export async function runCli(
  argv: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; onLine?: (line: string) => void } = {},
): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => {
      out.push(text);
      options.onLine?.(text);
    },
    err: (text) => err.push(text),
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...options.env },
    cwd: options.cwd ?? projectRoot,
  };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
