/**
 * The benchmark's server process: the real predict app with the model from argv[2] and, beside
 * it in the same process, a bare Hono JSON echo route as the baseline, behind the service's own
 * timeouts and connection cap. Prints its URL when ready.
 */
import { Hono } from 'hono';
import { createPredictApp } from '../src/http/app.js';
import { DEFAULT_SERVER_LIMITS, listen } from '../src/http/listen.js';
import { DriftMonitor } from '../src/monitoring/drift-monitor.js';
import { ServiceMetrics } from '../src/monitoring/metrics.js';
import { loadServableModel } from '../src/predictors/load-servable-model.js';
import { LocalModelPredictor } from '../src/predictors/local-model.js';

const modelDir = process.argv[2];
if (!modelDir) throw new Error('usage: bench-server.ts <model artifact dir>');
const predictor = new LocalModelPredictor(await loadServableModel(modelDir, { version: 1, source: modelDir }));
const metrics = new ServiceMetrics();
const app = createPredictApp({
  predictor,
  metrics,
  drift: { monitor: new DriftMonitor(), reference: () => predictor.model?.drift ?? null },
});
const root = new Hono();
root.post('/echo', async (c) => c.json(await c.req.json()));
root.route('/', app);
// The service's default timeouts and connection cap, as deployed.
const server = await listen(root.fetch, '127.0.0.1', 0, { limits: DEFAULT_SERVER_LIMITS, events: metrics });
console.log(`ready ${server.url}`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
