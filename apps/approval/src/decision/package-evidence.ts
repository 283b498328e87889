import type { ChartLink, PackageMetrics } from '@powercast/aws-pipeline/approval';
import type { PackageSnapshot } from './ports.js';

/** What the confirmation page shows an approver of a package, read when the page is rendered (GET only). */
export interface PackageEvidence {
  metrics: PackageMetrics;
  charts: ChartLink[];
  /** The registration threshold on test MSE (万kW²), when the reader knows it. */
  mseThreshold?: number;
  /** What the pipeline recorded at registration (the champion/challenger comparison). */
  description?: string;
  /** Evidence that could not be read: shown, never a reason to withhold the page. */
  warnings: string[];
}

export type EvidenceReader = (pkg: PackageSnapshot) => Promise<PackageEvidence>;

/** Runs one evidence read; a failure becomes a warning naming what is missing, with `fallback` in its place. */
export async function readOrWarn<T>(warnings: string[], what: string, read: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await read();
  } catch (error) {
    warnings.push(`${what} could not be read (${error instanceof Error ? error.message : String(error)})`);
    return fallback;
  }
}
