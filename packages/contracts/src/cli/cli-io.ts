import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CommandLocation } from './user-path.js';

/** Where a command writes and what it runs in; tests pass their own, the binary the process's. */
export interface CliIo extends CommandLocation {
  /** One line (or block) of the command's result, on stdout. */
  out(text: string): void;
  /** One line (or block) of diagnostics, help or progress, on stderr. */
  err(text: string): void;
}

/** The process's streams, environment and working directory. */
export function processIo(): CliIo {
  return {
    out: (text) => void process.stdout.write(`${text}\n`),
    err: (text) => void process.stderr.write(`${text}\n`),
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Exit codes of every Powercast command: 2 means the user can fix the input. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** True when the module at `moduleUrl` (pass `import.meta.url`) is the script node was started with. */
export function isEntryPoint(moduleUrl: string, argv1: string | undefined = process.argv[1]): boolean {
  if (argv1 === undefined) return false;
  try {
    return realpathSync(argv1) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}
