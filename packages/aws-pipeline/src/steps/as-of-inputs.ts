import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ColumnTable } from 'arquero';
import type { AsOfInputs, ForecastIssueRow, IntradayDemand, IntradayTemperature } from '@powercast/data-loaders';
import type { AsOfSources } from '@powercast/features';
import type { NightBeforeForecast } from '@powercast/model';
import { StepInputError, readJsonFile } from './daily-table.js';

/**
 * LoadData's `as_of` output: everything an ex-ante forecast may look at besides the daily table
 * (which is LoadData's `dataset`). EvaluateModel rebuilds `AsOfSources` from it, so the raw folder
 * is read once per run and the evaluation step sees only declared inputs (as on SageMaker).
 */
export const AS_OF_INPUTS_JSON = 'as-of-inputs.json';

export interface AsOfInputsDocument {
  /** JMA's forecast issues as published (empty when the data has no `jma/forecast/`). */
  forecastIssues: ForecastIssueRow[];
  weatherCodes: { code: number; weatherJ: string; weatherE: string; group: number }[];
  demand: IntradayDemand[];
  temperatures: IntradayTemperature[];
  /** TEPCO's night-before forecasts; null when the data has no TEPCO daily files. */
  tepcoNightBefore: NightBeforeForecast[] | null;
  report: {
    forecastArchive: boolean;
    firstIssuedAt: string | null;
    lastIssuedAt: string | null;
    issueCount: number;
    tepcoNightBeforeDays: number;
  };
}

export function asOfInputsDocument(inputs: AsOfInputs): AsOfInputsDocument {
  const rows = inputs.forecastDataset?.rows ?? [];
  return {
    forecastIssues: rows,
    weatherCodes: inputs.weatherCodes,
    demand: inputs.demand,
    temperatures: inputs.temperatures,
    tepcoNightBefore:
      inputs.tepcoNightBefore?.forecasts.map(({ targetDate, valueManKw }) => ({ targetDate, valueManKw })) ?? null,
    report: {
      forecastArchive: inputs.forecastDataset !== null,
      firstIssuedAt: inputs.forecastDataset?.report.firstIssuedAt ?? null,
      lastIssuedAt: inputs.forecastDataset?.report.lastIssuedAt ?? null,
      issueCount: inputs.forecastDataset?.report.issueCount ?? 0,
      tepcoNightBeforeDays: inputs.tepcoNightBefore?.forecasts.length ?? 0,
    },
  };
}

/** The `AsOfSources` a step forecasts (or builds as-served training rows) from: the daily table plus this document. */
export async function asOfSourcesOf(daily: ColumnTable, document: AsOfInputsDocument): Promise<AsOfSources> {
  const { ForecastIssueIndex } = await import('@powercast/data-loaders');
  return {
    daily,
    forecasts: new ForecastIssueIndex(document.forecastIssues),
    weatherCodes: document.weatherCodes,
    demand: document.demand,
    temperatures: document.temperatures,
  };
}

export async function writeAsOfInputs(dir: string, document: AsOfInputsDocument): Promise<void> {
  await writeFile(join(dir, AS_OF_INPUTS_JSON), JSON.stringify(document));
}

const ARRAY_FIELDS = ['forecastIssues', 'weatherCodes', 'demand', 'temperatures'] as const;

/** Reads LoadData's `as_of` output; a file that is not what LoadData writes is a StepInputError naming the field. */
export async function readAsOfInputs(dir: string): Promise<AsOfInputsDocument> {
  const path = join(dir, AS_OF_INPUTS_JSON);
  const document = await readJsonFile(path);
  if (typeof document !== 'object' || document === null) throw new StepInputError(path, 'expected a JSON object');
  const fields = document as Record<string, unknown>;
  for (const field of ARRAY_FIELDS) {
    if (!Array.isArray(fields[field]))
      throw new StepInputError(path, `field ${field}: expected an array (written by LoadData)`);
  }
  if (fields['tepcoNightBefore'] !== null && !Array.isArray(fields['tepcoNightBefore']))
    throw new StepInputError(path, 'field tepcoNightBefore: expected an array or null (written by LoadData)');
  if (typeof fields['report'] !== 'object' || fields['report'] === null)
    throw new StepInputError(path, 'field report: expected an object (written by LoadData)');
  return document as AsOfInputsDocument;
}
