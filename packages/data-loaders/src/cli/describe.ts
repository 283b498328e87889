import { datasetFingerprint } from '../load/fingerprint.js';
import type { DailyDataset } from '../load/load-daily-dataset.js';
import type { FileInventory } from '../load/merge.js';
import type { SourceKind } from '../load/parse-files.js';

export interface KindInventory {
  files: FileInventory[];
  firstDate: string | null;
  lastDate: string | null;
  dayCount: number;
  gaps: string[];
  warnings: string[];
}

/** The JSON printed by `describe`: per source kind, then the merged table. */
export interface DataInventory {
  source: string;
  sources: Partial<Record<SourceKind, KindInventory>>;
  merged: {
    rowCount: number;
    firstDate: string | null;
    lastDate: string | null;
    gaps: string[];
    columns: string[];
    join: string;
    fingerprint: string;
  };
  duplicatesDropped: number;
  ignoredFiles: string[];
  /** Warnings that belong to no single source kind (e.g. unrecognised files). */
  otherWarnings: string[];
}

export function describeDataset(dataset: DailyDataset): DataInventory {
  const { report, table } = dataset;
  const sources: DataInventory['sources'] = {};
  const claimed = new Set<string>();
  for (const entry of report.inventory) {
    const paths = new Set(entry.files.map((file) => file.path));
    const warnings = report.warnings.filter((warning) => paths.has(warning.file));
    warnings.forEach((warning) => claimed.add(warningKey(warning)));
    sources[entry.kind] = {
      files: entry.files,
      firstDate: entry.firstDate,
      lastDate: entry.lastDate,
      dayCount: entry.dayCount,
      gaps: entry.gaps,
      warnings: warnings.map(formatWarning),
    };
  }
  return {
    source: report.source,
    sources,
    merged: {
      rowCount: report.rowCount,
      firstDate: report.firstDate,
      lastDate: report.lastDate,
      gaps: report.gaps,
      columns: table.columnNames(),
      join: report.join,
      fingerprint: datasetFingerprint(table),
    },
    duplicatesDropped: report.duplicatesDropped,
    ignoredFiles: report.ignoredFiles,
    otherWarnings: report.warnings.filter((warning) => !claimed.has(warningKey(warning))).map(formatWarning),
  };
}

type Warning = DailyDataset['report']['warnings'][number];

function warningKey(warning: Warning): string {
  return `${warning.file}|${warning.member ?? ''}|${warning.line ?? ''}|${warning.message}`;
}

function formatWarning(warning: Warning): string {
  const where = [
    warning.member ? `${warning.file} [${warning.member}]` : warning.file,
    warning.line === undefined ? '' : `line ${warning.line}`,
  ]
    .filter(Boolean)
    .join(', ');
  return `${where}: ${warning.message}`;
}
