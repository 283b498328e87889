/**
 * Structured JSON logs, one object per line (CloudWatch Logs parses them). Callers pass fields
 * explicitly; tokens and secrets are never passed — use tokenFingerprint() to correlate a token.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  log(level: LogLevel, message: string, fields?: LogFields): void;
}

export function jsonLogger(base: LogFields = {}, write: (line: string) => void = (line) => console.log(line)): Logger {
  return {
    log(level, message, fields = {}) {
      write(JSON.stringify({ level, time: new Date().toISOString(), message, ...base, ...fields }));
    },
  };
}

/** Collects log records in memory (tests, and the local server's quiet mode). */
export function memoryLogger(): Logger & { records: Array<{ level: LogLevel; message: string } & LogFields> } {
  const records: Array<{ level: LogLevel; message: string } & LogFields> = [];
  return {
    records,
    log(level, message, fields = {}) {
      records.push({ level, message, ...fields });
    },
  };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
