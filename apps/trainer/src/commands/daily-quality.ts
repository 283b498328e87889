import { powercastPipeline, resolveParameters } from '@powercast/aws-pipeline';
import type { AsOfInputs, DateWindow } from '@powercast/data-loaders';
import type { Settings } from '../settings.js';

export interface DailyQuality {
  summary: string;
  /** Rule ids of the findings dated inside a forecast's input window: what the ledger records as its flags. */
  flagsIn(window: DateWindow): string[];
}

/**
 * The pipeline's data-quality gate (ValidateData's rules and configured actions) over the files a
 * daily forecast reads; a `fail` finding throws DataQualityError before anything is written.
 */
export async function runQualityGate(request: {
  settings: Settings;
  dataDir: string;
  inputs: AsOfInputs;
  /** The days to inspect the files of (every file when absent). */
  window?: DateWindow;
}): Promise<DailyQuality> {
  const { settings, dataDir, inputs, window } = request;
  const [quality, loaders] = await Promise.all([
    import('@powercast/data-loaders/quality'),
    import('@powercast/data-loaders'),
  ]);
  const parameters = resolveParameters(powercastPipeline(settings.config, dataDir));
  const source = dataDir.startsWith('s3://')
    ? loaders.s3PrefixSource(dataDir, settings.s3Client)
    : loaders.localDirectorySource(dataDir);
  const inspected = await quality.inspectSources({
    source: window === undefined ? source : loaders.windowedSource(source, window),
  });
  const report = quality.validateSources(
    {
      ...inspected,
      forecastIssues: inputs.forecastDataset?.rows ?? [],
      daily: inputs.daily.objects() as { date: string; weather_day?: string | null }[],
    },
    quality.qualityActionsFrom(String(parameters['quality_actions'] ?? '{}')),
  );
  if (report.failed) throw new quality.DataQualityError(report.findings);
  const dated = report.findings.filter((finding) => finding.date !== null);
  return {
    summary: report.summary,
    flagsIn: (days) =>
      [...new Set(dated.filter((f) => f.date! >= days.from && f.date! <= days.to).map((f) => f.rule))].sort(),
  };
}
