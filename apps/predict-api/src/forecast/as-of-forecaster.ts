import { isUserInputError } from '@powercast/contracts';
import { ForecastIssueIndex, type ForecastIssueRow } from '@powercast/data-loaders';
import { RECENT_DEMAND_WINDOW } from '@powercast/features';
import { forecastAsOf, forecastInputWindow, type AsOfForecast, type ForecastModel } from '@powercast/model';
import type { AsOfInputs } from '@powercast/data-loaders';
import { HttpProblem, RequestProblem } from '../http/problem.js';
import {
  fallbackQuality,
  okQuality,
  MAX_ANSWER_FINDINGS,
  type InputQuality,
  type RejectedInput,
} from '../inputs/input-quality.js';
import type { TrustedData } from '../inputs/trusted-data.js';
import { publicReason } from '../predictors/deployment-watcher.js';
import type { ModelInfo } from '../predictors/predictor.js';
import type { JmaForecastFeed } from './jma-forecast-feed.js';
import { REQUEST_BODY_SOURCE, type ForecastRequest } from './parse-forecast-request.js';

/** POST /forecast's answer: `forecastAsOf`'s, as `trainer forecast` writes it, plus what answered. */
export interface ForecastAnswer extends AsOfForecast {
  unit: '万kW';
  model: { backend: 'local'; version: number | string | null };
  weather: { source: 'request' | 'live-feed' | 'archive'; fetchedAt: string | null };
  /** The data-quality rules on JMA's issues: a live copy that failed them was not used (the previous good issue answered). */
  quality: InputQuality;
}

/** The served model as `forecastAsOf` needs it; throws HttpProblem 503 when there is none. */
export type ServedForecastModel = () => { model: ForecastModel; info: ModelInfo };

export interface AsOfForecasterOptions {
  model: ServedForecastModel;
  /** The configured data folder; without it every forecast is 503 with how to configure one. */
  data?: TrustedData;
  /** JMA's live forecast, used when the caller sends none. Without it: the data folder's archive. */
  feed?: JmaForecastFeed;
  now?: () => number;
  log?: (message: string) => void;
}

export const HOW_TO_CONFIGURE_DATA =
  'POST /forecast reads TEPCO actuals, observed weather and JMA issues from a data folder the service is given, never from ' +
  'the caller: start it with --data-dir DIR (or s3://bucket/prefix), or set POWERCAST_DATA_DIR, to a folder laid out like ' +
  '../shared/data; set POWERCAST_JMA_FORECAST_URL to use JMA’s live 130000.json when the body is empty.';

const HOUR_MS = 3_600_000;
const ARCHIVE_SOURCE = "the data folder's JMA forecast archive";

/** Now as a JST instant with offset, the form `forecastAsOf` takes. */
function jstNow(nowMs: number): string {
  return `${new Date(nowMs + 9 * HOUR_MS).toISOString().slice(0, 19)}+09:00`;
}

/**
 * Forecasts as of an instant with `forecastAsOf`, exactly as `trainer forecast` does: the trusted
 * inputs of the data folder read for the files near the as-of (`forecastInputWindow`), JMA's
 * issues from the caller's JSON, else the live feed, else the data folder's archive.
 */
export class AsOfForecaster {
  constructor(private readonly options: AsOfForecasterOptions) {}

  get configured(): boolean {
    return this.options.data !== undefined;
  }

  async forecast(request: ForecastRequest): Promise<{ answer: ForecastAnswer; readMs: number }> {
    const { data, feed } = this.options;
    if (data === undefined)
      throw new HttpProblem(503, 'no-data-dir', 'No trusted data configured', HOW_TO_CONFIGURE_DATA);
    const served = this.options.model();
    const nowMs = (this.options.now ?? Date.now)();
    const asOf = request.asOf ?? jstNow(nowMs);
    const window = this.userInput(() => forecastInputWindow(asOf));
    if (Date.parse(asOf) > nowMs + HOUR_MS)
      throw new RequestProblem(422, 'invalid-as-of', 'Invalid forecast request', 'as_of is in the future.', [
        { path: ['as_of'], message: `expected an instant not after now (${jstNow(nowMs)})`, value: asOf },
      ]);
    this.checkCoverage(asOf, request.asOf !== undefined, data);

    let issues: ForecastIssueRow[] | undefined = request.jma;
    let weather: ForecastAnswer['weather'] = { source: 'archive', fetchedAt: null };
    let forecastSource = ARCHIVE_SOURCE;
    let quality = okQuality('archive');
    if (issues !== undefined) {
      weather = { source: 'request', fetchedAt: null };
      forecastSource = REQUEST_BODY_SOURCE;
      quality = okQuality('request', request.jmaWarnings);
    } else if (feed !== undefined) {
      const { forecast, lastError, rejected } = await feed.latest();
      if (forecast === null)
        throw new HttpProblem(
          503,
          'no-live-forecast',
          'JMA forecast unavailable',
          `The service has not fetched JMA's forecast from ${feed.url} yet (${lastError ?? 'no fetch yet'}); send a 130000.json as the body.`,
          [],
          { 'retry-after': '60' },
        );
      issues = forecast.rows;
      weather = { source: 'live-feed', fetchedAt: forecast.fetchedAt };
      forecastSource = `JMA's live forecast ${feed.url}`;
      quality =
        rejected === null
          ? okQuality('live-feed', forecast.warnings)
          : fallbackQuality(
              rejected,
              "JMA's live forecast",
              'previous-good-issue',
              `the previous good copy (fetched ${forecast.fetchedAt}, issued ${forecast.issuedAt ?? 'unknown'}) answered`,
            );
    }

    const started = performance.now();
    const inputs = await data.asOfInputs(window).catch((error: unknown) => {
      (this.options.log ?? ((message: string) => console.info(message)))(
        `predict-api: cannot read the trusted inputs of ${data.uri} for ${window.from}..${window.to}: ${(error as Error).message}`,
      );
      throw new HttpProblem(
        503,
        'trusted-data-unavailable',
        'Trusted data unavailable',
        `The service's data folder cannot be read for ${window.from}..${window.to}: ${publicReason(error)}`,
      );
    });
    const refused = await data.asOfRefusal(window).catch(() => null);
    const readMs = performance.now() - started;
    // A caller's or the feed's issues are the weather source on their own, as in `trainer forecast`:
    // merged with the archive, a stale file would go unnoticed.
    const weatherSources = issues === undefined ? inputs : { ...inputs, forecasts: new ForecastIssueIndex(issues) };
    // TEPCO files that fail the rules are not used: without actuals the weather-and-calendar variant answers.
    const sources = refused === null ? weatherSources : withoutActuals(weatherSources);
    if (refused !== null) quality = withActualsRefused(quality, refused);
    const forecast = this.userInput(() => forecastAsOf({ model: served.model, sources, asOf, forecastSource }));
    return {
      answer: {
        ...forecast,
        unit: '万kW',
        model: { backend: 'local', version: served.info.version },
        weather,
        quality,
      },
      readMs,
    };
  }

  /**
   * An as-of the data folder does not reach: the caller's to fix when it chose the as-of (422), the
   * service's when the default "now" is past its data (503: the downloader has stopped).
   */
  private checkCoverage(asOf: string, chosen: boolean, data: TrustedData): void {
    const actuals = data.actuals();
    if (actuals === null) return; // not read yet: the windowed read says what is missing
    const day = new Date(Date.parse(asOf) + 9 * HOUR_MS).toISOString().slice(0, 10);
    const lastUsable = new Date(
      Date.parse(`${actuals.asOf}T00:00:00Z`) + RECENT_DEMAND_WINDOW.recentDays * 24 * HOUR_MS,
    )
      .toISOString()
      .slice(0, 10);
    if (day >= actuals.firstDate && day <= lastUsable) return;
    const span = `the service's data covers ${actuals.firstDate}..${actuals.asOf}`;
    if (!chosen)
      throw new HttpProblem(
        503,
        'trusted-data-stale',
        'Trusted data out of date',
        `Forecasting as of now needs today's data, but ${span}; keep the data folder current (npx nx run data-loaders:fetch) or pass as_of.`,
      );
    throw new RequestProblem(
      422,
      'as-of-outside-data',
      'Invalid forecast request',
      `as_of is outside the data: ${span}.`,
      [{ path: ['as_of'], message: `expected an instant between ${actuals.firstDate} and ${lastUsable}`, value: asOf }],
    );
  }

  /** The forecast core's input errors (stale or missing issue, bad as-of) are the caller's: 422 typed by kind. */
  private userInput<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      if (!isUserInputError(error)) throw error;
      throw new RequestProblem(422, error.kind, 'Cannot forecast as of this instant', error.message, [
        { path: error.kind === 'invalid-as-of' ? ['as_of'] : [], message: error.message },
      ]);
    }
  }
}

/** The inputs with every TEPCO actual taken out (daily peaks null, no intraday demand). */
function withoutActuals(inputs: AsOfInputs): AsOfInputs {
  const nulls = (): null[] => Array.from({ length: inputs.daily.numRows() }, () => null);
  const daily = inputs.daily.assign({
    ...(inputs.daily.columnNames().includes('peak_hourly') ? { peak_hourly: nulls() } : {}),
    ...(inputs.daily.columnNames().includes('peak_5min') ? { peak_5min: nulls() } : {}),
  });
  return { ...inputs, daily, demand: [] };
}

/** The weather's report with the refused TEPCO files added: the answer fell back to the weather-and-calendar variant. */
function withActualsRefused(weather: InputQuality, refused: RejectedInput): InputQuality {
  const actuals = fallbackQuality(
    refused,
    "the data folder's TEPCO files for this as-of",
    'weather-calendar',
    'without actuals the weather-and-calendar variant answered',
  );
  if (weather.status === 'ok') return actuals;
  return {
    status: 'fallback',
    findings: [...actuals.findings, ...weather.findings].slice(0, MAX_ANSWER_FINDINGS),
    used: 'weather-calendar',
    detail: `${actuals.detail}; ${weather.detail}`,
  };
}
