import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openArtifactStore, StoreModelRegistry, type ArtifactStore } from '@powercast/aws-pipeline';
import type { LedgerRow } from '@powercast/contracts';
import { checkAccuracy, rollingAccuracy } from '@powercast/monitoring';
import { archiveDays, backtestLedger, weekAheadRows } from '@powercast/monitoring/testing';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServiceConfig } from '../src/config.js';
import { startService, type RunningService } from '../src/service.js';
import { trainSyntheticArtifact } from './support/trained-model.js';

const dataDir = process.env['POWERCAST_DATA_DIR'];
const chromiumPath = findChromium();
if (!dataDir)
  console.warn('console-browser.test: POWERCAST_DATA_DIR is unset; skipping (the ledger is built from it).');
if (!chromiumPath)
  console.warn(
    'console-browser.test: no `chromium` on PATH (apt-get install chromium); skipping the real-browser test.',
  );

function findChromium(): string | null {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

const group = 'PowerForecastPackageGroup';

/** A registered, approved version 1 with its evaluation and one chart in the store, as the trainer leaves it. */
async function registerApproved(store: ArtifactStore): Promise<void> {
  const { artifact } = await trainSyntheticArtifact();
  const artifactUri = await store.put('runs/r1/model.tar.gz', new Uint8Array(await readFile(artifact.tarGzPath)));
  const evaluationUri = await store.put(
    'runs/r1/steps/EvaluateModel/evaluation/evaluation.json',
    JSON.stringify({ regression_metrics: { mse: { value: 12345 } } }),
  );
  await store.put(
    'runs/r1/steps/VisualizeResults/charts/svg/model_metrics.svg',
    '<svg xmlns="http://www.w3.org/2000/svg"/>',
  );
  const registry = new StoreModelRegistry(store, group);
  await registry.register({
    artifactUri,
    evaluationUri,
    chartsUri: store.uriOf('runs/r1/steps/VisualizeResults/charts'),
    metrics: { mse: 12345 },
    trainingWindow: { from: '2021-01-01', to: '2022-12-31' },
    dataFingerprint: 'synthetic',
  });
  await registry.decide(1, { status: 'Approved', by: 'test' });
}

describe.skipIf(!dataDir || !chromiumPath)('the console at / in a real headless Chromium', () => {
  let service: RunningService;
  let context: BrowserContext;
  let userDataDir: string;
  let storeDir: string;
  let rows: LedgerRow[];

  beforeAll(async () => {
    storeDir = await mkdtemp(join(tmpdir(), 'powercast-console-store-'));
    const store = openArtifactStore(storeDir);
    await registerApproved(store);
    // The ledger: 2023's day-ahead forecasts of version 1 against the real actuals, 7 % too high
    // in December (so an accuracy alert is open), and the week ahead issued on 2023-12-31.
    const days = await archiveDays(dataDir as string, '2023-09-01', '2023-12-31');
    rows = [
      ...backtestLedger(days, {
        point: (day) => (day.date >= '2023-12-01' ? day.actual * 1.07 : (day.tepcoForecast ?? day.actual)),
      }),
      ...weekAheadRows('2023-12-31', [3480, 3710, 4020, 4105, 4090, 3890, 3650]),
    ];
    const ledger = { rows: async () => rows };
    await checkAccuracy({ ledger, store, notifiers: [], modelVersion: '1', asOf: '2023-12-31' });
    service = await startService(
      parseServiceConfig(['--store', storeDir, '--port', '0'], { POWERCAST_POLL_MS: '3600000' }),
      { log: () => undefined, ledger },
    );
    userDataDir = await mkdtemp(join(tmpdir(), 'predict-api-console-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath as string,
      headless: true,
      viewport: { width: 390, height: 844 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await service?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
    if (storeDir) await rm(storeDir, { recursive: true, force: true });
  });

  async function openConsole(): Promise<{ page: Page; errors: string[]; offsite: string[] }> {
    const page = await context.newPage();
    const errors: string[] = [];
    const offsite: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('request', (request) => {
      if (!request.url().startsWith(service.url)) offsite.push(request.url());
    });
    await page.goto(`${service.url}/`);
    // Evaluated in the page (strings, as this project type-checks without the DOM library).
    await page.waitForFunction(
      'window.powercastConsole?.ready === true || (window.powercastConsole?.error ?? null) !== null',
      undefined,
      {
        timeout: 30_000,
      },
    );
    expect(await page.evaluate('window.powercastConsole.error')).toBeNull();
    return { page, errors, offsite };
  }

  it('loads with no console errors and no request leaving the service, readable on a phone', async () => {
    const { page, errors, offsite } = await openConsole();
    expect(errors).toEqual([]);
    expect(offsite).toEqual([]);
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    // Nothing wider than a 390 px phone screen: no sideways scrolling of the page.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(await page.locator('#history-chart svg').count()).toBe(1);
    expect(await page.locator('#week-chart svg').count()).toBe(1);
    await page.close();
  }, 60_000);

  it("draws the ledger's last 60 days of forecast, actual and TEPCO's forecast in the chart", async () => {
    const { page } = await openConsole();
    const drawn = (await page.evaluate("window.powercastConsole.views['history-chart'].data('history')")) as {
      date: string;
      actual: number;
      point: number;
      tepcoForecast: number | null;
    }[];
    const expected = rows
      .filter((row) => row.lead === 1 && row.actual !== null)
      .sort((a, b) => (a.targetDate < b.targetDate ? -1 : 1))
      .slice(-60);
    expect(drawn.map((day) => [day.date, day.actual, day.point, day.tepcoForecast])).toEqual(
      expected.map((row) => [row.targetDate, row.actual, row.point, row.tepcoForecast]),
    );
    expect(drawn[0]?.date).toBe('2023-11-02');
    // One line per series, each with a mark per day.
    expect(await page.locator('#history-chart svg .mark-line path').count()).toBe(3);
    await page.close();
  }, 60_000);

  it("shows tomorrow's forecast with its band, the week ahead, the rolling accuracy, the model and the open alert", async () => {
    const { page } = await openConsole();
    const tomorrow = await page.locator('#tomorrow-body').innerText();
    expect(tomorrow).toContain('1/1(月)');
    expect(tomorrow).toContain('3,480 万kW');
    expect(tomorrow).toContain(
      `80% 予測区間 ${Math.round(3480 * 0.96).toLocaleString('ja-JP')} 万kW 〜 ${Math.round(3480 * 1.04).toLocaleString('ja-JP')} 万kW`,
    );
    expect(await page.locator('#week-table tr').count()).toBe(8);
    const weekDrawn = (await page.evaluate("window.powercastConsole.views['week-chart'].data('week')")) as {
      point: number;
    }[];
    expect(weekDrawn.map((day) => day.point)).toEqual([3480, 3710, 4020, 4105, 4090, 3890, 3650]);

    const report = rollingAccuracy(rows, { modelVersion: '1', asOf: '2023-12-31' });
    const accuracy = await page.locator('#accuracy-table').innerText();
    for (const window of report.windows) expect(accuracy).toContain(`${window.mapePercent?.toFixed(2)} %`);
    expect(accuracy).toContain('東京電力予想 MAPE');

    const model = await page.locator('#model-body').innerText();
    expect(model).toContain('バージョン v1');
    const evaluationHref = await page.locator('#model-body a', { hasText: '評価結果' }).getAttribute('href');
    const evaluation = (await (await fetch(`${service.url}${evaluationHref}`)).json()) as unknown;
    expect(evaluation).toEqual({ regression_metrics: { mse: { value: 12345 } } });
    const chartHref = await page.locator('#model-body a', { hasText: 'model_metrics.svg' }).getAttribute('href');
    expect((await fetch(`${service.url}${chartHref}`)).headers.get('content-type')).toBe('image/svg+xml');

    const alerts = await page.locator('#alerts-body').innerText();
    expect(alerts).toContain('未解決 mape-28d');
    expect(alerts).toContain('outside the allowed ≤ 3.5 %');
    await page.close();
  }, 60_000);
});
