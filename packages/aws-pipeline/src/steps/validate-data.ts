import * as aq from 'arquero';
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { QUALITY_CHART, QUALITY_FILE } from '@powercast/contracts';
import type { JobContext } from './job-steps.js';
import { readAsOfInputs } from './as-of-inputs.js';
import type { QualityReport } from '@powercast/data-loaders/quality';
import { StepInputError, readDailyTable, readJsonFile, writeDailyTable } from './daily-table.js';

/** Findings written to the step log one per line (all of them are in quality.json). */
const LOGGED_FINDINGS = 50;

function dir(record: Record<string, string>, name: string): string {
  const value = record[name];
  if (value === undefined) throw new Error(`step has no "${name}" directory`);
  return value;
}

/**
 * ValidateData: every rule of the data-quality table (`@powercast/data-loaders/quality`) over the raw
 * files LoadData read (with their lines), its as-of inputs and its daily table. Writes `quality`
 * (quality.json) and `dataset` (LoadData's, without the days a `drop` finding names). A `fail`
 * finding stops the run with a DataQualityError (bad input) listing the first findings; the step log
 * has every finding either way.
 */
export async function validateData(context: JobContext, options: { s3Client?: S3Client } = {}): Promise<void> {
  const { DataQualityError, describeFinding, inspectSources, qualityActionsFrom, validateSources } =
    await import('@powercast/data-loaders/quality');
  const { datasetFingerprint } = await import('@powercast/data-loaders');
  const actions = qualityActionsFrom(String(context.parameters['quality_actions'] ?? '{}'));
  const datasetIn = dir(context.inputs, 'dataset');
  const daily = await readDailyTable(datasetIn);
  const asOf = await readAsOfInputs(dir(context.inputs, 'as_of'));
  const inspected = await inspectSources({
    source: dir(context.inputs, 'raw'),
    ...(options.s3Client ? { s3Client: options.s3Client } : {}),
  });
  const report = validateSources(
    {
      ...inspected,
      forecastIssues: asOf.forecastIssues,
      daily: daily.objects() as { date: string; weather_day?: string | null }[],
    },
    actions,
  );
  await writeFile(join(dir(context.outputs, 'quality'), QUALITY_FILE), `${JSON.stringify(report, null, 2)}\n`);
  for (const finding of report.findings.slice(0, LOGGED_FINDINGS)) context.log(describeFinding(finding));
  if (report.findings.length > LOGGED_FINDINGS)
    context.log(`… ${report.findings.length - LOGGED_FINDINGS} more findings in ${QUALITY_FILE}`);
  context.log(report.summary);
  if (report.failed) throw new DataQualityError(report.findings);
  const dropped = new Set(report.droppedDates);
  const kept = dropped.size === 0 ? daily : daily.filter(aq.escape((row: { date: string }) => !dropped.has(row.date)));
  const out = dir(context.outputs, 'dataset');
  await writeDailyTable(out, kept);
  await copyFile(join(datasetIn, 'report.json'), join(out, 'report.json'));
  await writeFile(join(out, 'fingerprint.txt'), `${datasetFingerprint(kept)}\n`);
  if (dropped.size > 0)
    context.log(
      `dropped ${dropped.size} days from training: ${[...dropped].slice(0, 10).join(', ')}${dropped.size > 10 ? ', …' : ''}`,
    );
}

/** VisualizeResults' part: the findings-per-month chart of ValidateData's quality.json, into the charts. */
export async function renderQualityChartOf(qualityDir: string, chartsDir: string): Promise<string> {
  const [{ findingsByMonth }, { renderQualityChart }] = await Promise.all([
    import('@powercast/data-loaders/quality'),
    import('@powercast/charts'),
  ]);
  const report = (await readJsonFile(join(qualityDir, QUALITY_FILE))) as QualityReport;
  if (!Array.isArray(report.findings))
    throw new StepInputError(join(qualityDir, QUALITY_FILE), 'expected findings[] (written by ValidateData)');
  return (await renderQualityChart(findingsByMonth(report), chartsDir, QUALITY_CHART)).png;
}
