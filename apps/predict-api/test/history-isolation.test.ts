import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServiceConfig } from '../src/config.js';
import type { HistoryReport } from '../src/history/request-history.js';
import { startService, type RunningService } from '../src/service.js';
import { trainSyntheticArtifact } from './support/trained-model.js';

const dataDir = process.env['POWERCAST_DATA_DIR'];

interface Answer {
  predictions: number[];
  model: { variant: string[] };
  history: HistoryReport;
}

/** The shared data ends on 2023-12-31: a request for 2024-01-01 borrows its actuals (the day before included). */
const recordB = { date: '2024-01-01', max_temp: 10, min_temp: 2, weather: '晴' };
const recordA = { date: '2024-01-02', max_temp: 9, min_temp: 1, weather: '曇' };

function daysBefore(date: string, count: number, peak: number): { date: string; peak: number }[] {
  return Array.from({ length: count }, (_, i) => ({
    date: new Date(Date.parse(`${date}T00:00:00Z`) - (i + 1) * 86_400_000).toISOString().slice(0, 10),
    peak,
  }));
}

/** #13 item 2: no caller's history reaches another caller; lent history is the data folder's. */
describe.skipIf(!dataDir)('history on a service with a data folder', () => {
  let service: RunningService;
  const predict = async (body: unknown): Promise<Answer> => {
    const response = await fetch(`${service.url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Answer;
  };

  beforeAll(async () => {
    const { artifact } = await trainSyntheticArtifact();
    const config = parseServiceConfig(['--model-dir', artifact.dir, '--data-dir', dataDir!, '--port', '0'], {});
    service = await startService(config, { log: () => undefined });
    await service.data?.refresh();
  });
  afterAll(() => service?.close());

  it("lends the data folder's latest actuals to a request without history, saying as of when", async () => {
    const answer = await predict(recordB);
    expect(answer.model.variant).toEqual(['with-history']);
    expect(answer.history).toEqual({
      source: 'trusted-data',
      asOf: '2023-12-31',
      daysGiven: 0,
      daysNeeded: 56,
      note: null,
    });
  });

  it("40 days of peak 7500 (the top of the physical range) from client A change A's answer only, never client B's", async () => {
    const before = await predict(recordB);
    const a = await predict({ ...recordA, history: daysBefore(recordA.date, 40, 7500) });
    expect(a.history).toMatchObject({ source: 'request', daysGiven: 40, asOf: '2024-01-01' });
    expect(a.model.variant).toEqual(['with-history']);
    const lentToA = await predict(recordA);
    expect(a.predictions[0]).not.toBe(lentToA.predictions[0]);
    const after = await predict(recordB);
    expect(after.predictions).toEqual(before.predictions);
    expect(after.history.source).toBe('trusted-data');
  });

  it("refuses #13's 40 days of peak 20000 outright: 422 naming the entry, the value and the hourly-demand range", async () => {
    const response = await fetch(`${service.url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...recordA, history: daysBefore(recordA.date, 40, 20000) }),
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as { errors: { path: unknown[]; message: string; value: unknown }[] };
    expect(problem.errors[0]).toEqual({
      path: ['history', 0, 'peak'],
      message: 'expected peak within 1000..7500 万kW (data-quality rule hourly-demand-range)',
      value: 20000,
    });
    expect(problem.errors).toHaveLength(40);
  });

  it('one history entry dated 2050 switches the with-history variant off for nobody else', async () => {
    const before = await predict(recordB);
    const a = await predict({ ...recordA, history: [{ date: '2050-01-01', peak: 3000 }] });
    expect(a.model.variant).toEqual(['weather-calendar']);
    const after = await predict(recordB);
    expect(after.model.variant).toEqual(['with-history']);
    expect(after.predictions).toEqual(before.predictions);
  });

  it('says how many days a too-short history gave, how many are needed and which variant answered', async () => {
    const answer = await predict({ ...recordB, history: daysBefore(recordB.date, 3, 4000) });
    expect(answer.model.variant).toEqual(['weather-calendar']);
    expect(answer.history).toMatchObject({ source: 'request', daysGiven: 3, daysNeeded: 56, asOf: '2023-12-31' });
    expect(answer.history.note).toContain('1 of 1 record(s) (2024-01-01) answered by the weather-and-calendar variant');
    expect(answer.history.note).toContain('gives 3 day(s)');
  });

  it('lends nothing to records far from the actuals, and says why', async () => {
    const answer = await predict({ ...recordB, date: '2024-03-01' });
    expect(answer.model.variant).toEqual(['weather-calendar']);
    expect(answer.history).toMatchObject({ source: 'none', daysGiven: 0 });
    expect(answer.history.note).toContain('end on 2023-12-31');
  });
});
