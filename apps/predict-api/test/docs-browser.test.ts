import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServiceConfig } from '../src/config.js';
import { startService, type RunningService } from '../src/service.js';
import { trainRealArtifact } from './support/trained-model.js';

const dataDir = process.env['POWERCAST_DATA_DIR'];
const chromiumPath = findChromium();
if (!dataDir)
  console.warn(
    'docs-browser.test: POWERCAST_DATA_DIR is unset; skipping the real-browser test (it trains on the shared data).',
  );
if (!chromiumPath)
  console.warn('docs-browser.test: no `chromium` on PATH (apt-get install chromium); skipping the real-browser test.');

function findChromium(): string | null {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

describe.skipIf(!dataDir || !chromiumPath)('/docs in a real headless Chromium', () => {
  let service: RunningService;
  let context: BrowserContext;
  let userDataDir: string;

  beforeAll(async () => {
    const { artifact } = await trainRealArtifact(dataDir as string);
    service = await startService(parseServiceConfig(['--model-dir', artifact.dir, '--port', '0'], {}), {
      log: () => undefined,
    });
    userDataDir = await mkdtemp(join(tmpdir(), 'predict-api-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath as string,
      headless: true,
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
  });

  it('expands POST /predict, runs the example body and shows a numeric prediction', async () => {
    const page = await context.newPage();
    const offsite: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(service.url)) offsite.push(request.url());
    });
    await page.goto(`${service.url}/docs`);
    const operation = page.locator('.opblock-post').filter({ has: page.locator('[data-path="/predict"]') });
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.getByRole('button', { name: 'Execute' }).click();
    const responseBody = operation.locator('.live-responses-table .response-col_description pre').first();
    await responseBody.waitFor({ timeout: 15_000 });
    const shown = JSON.parse((await responseBody.innerText()).trim()) as { predictions: unknown[]; unit: string };
    expect(shown.unit).toBe('万kW');
    expect(typeof shown.predictions[0]).toBe('number');
    // A May weekday peak in the TEPCO area is a few thousand 万kW.
    expect(shown.predictions[0]).toBeGreaterThan(2000);
    expect(shown.predictions[0]).toBeLessThan(6000);
    expect(offsite).toEqual([]);
  }, 60_000);
});
