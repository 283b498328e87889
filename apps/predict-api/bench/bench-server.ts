/**
 * The benchmark's server process: the real predict app with the model from argv[2] and, beside
 * it in the same process, a bare Hono JSON echo route as the baseline. Prints its URL when ready.
 */
import { Hono } from 'hono';
import { RecentActuals } from '../src/history/recent-actuals.js';
import { createPredictApp } from '../src/http/app.js';
import { listen } from '../src/http/listen.js';
import { DriftMonitor } from '../src/monitoring/drift-monitor.js';
import { ServiceMetrics } from '../src/monitoring/metrics.js';
import { loadServableModel } from '../src/predictors/load-servable-model.js';
import { LocalModelPredictor } from '../src/predictors/local-model.js';

const modelDir = process.argv[2];
if (!modelDir) throw new Error('usage: bench-server.ts <model artifact dir>');
const predictor = new LocalModelPredictor(await loadServableModel(modelDir, { version: 1, source: modelDir }));
const app = createPredictApp({
  predictor,
  metrics: new ServiceMetrics(),
  drift: { monitor: new DriftMonitor(), reference: () => predictor.model?.drift ?? null },
  recentActuals: new RecentActuals(),
});
const root = new Hono();
root.post('/echo', async (c) => c.json(await c.req.json()));
root.route('/', app);
const server = await listen(root.fetch, '127.0.0.1', 0);
console.log(`ready ${server.url}`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
