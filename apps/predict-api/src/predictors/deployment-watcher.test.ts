import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../http/problem.js';
import { DeploymentWatcher, type Deployment, type DeploymentSource } from './deployment-watcher.js';
import { LocalModelPredictor, type ServableModel } from './local-model.js';

const record = { date: '2025-05-20', max_temp: 28, min_temp: 10.5, weather: '曇り' };

/** A model whose forecast is its version, so tests can see which one answered. */
function modelVersion(version: number): ServableModel {
  return {
    info: { backend: 'local', version, source: `v${version}` },
    engine: {
      predict: (records) =>
        records.map((r) => ({ date: r.date, peak: version, variant: 'weather-calendar', weatherCategory: '曇り' })),
    },
  };
}

class ScriptedSource implements DeploymentSource {
  readonly description = 'scripted';
  deployment: Deployment | null = null;
  failing = new Set<number>();
  loads = 0;
  async current(): Promise<Deployment | null> {
    return this.deployment;
  }
  approved: number[] = [];
  async fallbacks(failed: Deployment): Promise<Deployment[]> {
    return this.approved
      .filter((version) => version !== failed.version)
      .sort((a, b) => b - a)
      .map((version) => ({ version, artifactUri: `a/${version}` }));
  }
  async load(deployment: Deployment): Promise<ServableModel> {
    this.loads += 1;
    if (this.failing.has(deployment.version)) throw new Error(`artifact of version ${deployment.version} is corrupt`);
    return modelVersion(deployment.version);
  }
}

function setup(): {
  source: ScriptedSource;
  predictor: LocalModelPredictor;
  watcher: DeploymentWatcher;
  logs: string[];
  failures: () => number;
  clock: { now: number };
} {
  const source = new ScriptedSource();
  const predictor = new LocalModelPredictor();
  const logs: string[] = [];
  let failures = 0;
  const clock = { now: 0 };
  return {
    source,
    predictor,
    logs,
    failures: () => failures,
    clock,
    watcher: new DeploymentWatcher({
      source,
      predictor,
      log: (message) => logs.push(message),
      onLoadFailure: () => (failures += 1),
      now: () => clock.now,
    }),
  };
}

describe('LocalModelPredictor with DeploymentWatcher', () => {
  it('answers 503 with how to train and approve while nothing is deployed', async () => {
    const { predictor, watcher } = setup();
    await watcher.check();
    const error = await predictor.predict([record]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpProblem);
    expect(error).toMatchObject({ status: 503, detail: expect.stringContaining('trainer:run') as string });
    expect(predictor.readiness()).toMatchObject({ ready: false });
  });

  it('loads the deployed version, then swaps to a newly deployed one', async () => {
    const { source, predictor, watcher } = setup();
    source.deployment = { version: 1, artifactUri: 'a/1' };
    await watcher.check();
    expect((await predictor.predict([record])).predictions[0]?.peakManKw).toBe(1);
    await watcher.check();
    expect(source.loads).toBe(1);
    source.deployment = { version: 2, artifactUri: 'a/2' };
    await watcher.check();
    expect((await predictor.predict([record])).model.version).toBe(2);
  });

  it('keeps serving the old version when the new one fails to load', async () => {
    const { source, predictor, watcher, logs } = setup();
    source.deployment = { version: 1, artifactUri: 'a/1' };
    await watcher.check();
    source.deployment = { version: 2, artifactUri: 'a/2' };
    source.failing.add(2);
    await watcher.check();
    expect((await predictor.predict([record])).model.version).toBe(1);
    expect(logs.at(-1)).toContain('version 2 is corrupt');
  });

  it('says why it is not ready when the only deployed version fails to load', async () => {
    const { source, predictor, watcher } = setup();
    source.deployment = { version: 5, artifactUri: 'a/5' };
    source.failing.add(5);
    await watcher.check();
    expect(predictor.readiness()).toMatchObject({
      ready: false,
      reason: expect.stringContaining('version 5 is deployed but failed to load') as string,
    });
  });

  it('after a restart onto a broken deployed version, serves the newest older approved version that loads and says so', async () => {
    const { source, predictor, watcher, failures } = setup();
    source.deployment = { version: 4, artifactUri: '/srv/store/runs/x/model.tar.gz' };
    source.failing.add(4).add(3);
    source.approved = [1, 2, 3, 4];
    await watcher.check();
    const answer = await predictor.predict([record]);
    expect(answer.model.version).toBe(2);
    expect(answer.model.fallback).toEqual({
      deployedVersion: 4,
      reason: expect.stringContaining('model version 4 is deployed but failed to load') as string,
    });
    expect(predictor.readiness()).toMatchObject({
      ready: true,
      model: { version: 2, fallback: { deployedVersion: 4 } },
    });
    expect(failures()).toBe(2); // version 4, then version 3
  });

  it('never puts a server path into the reason a client sees', async () => {
    const { source, predictor, watcher } = setup();
    source.deployment = { version: 5, artifactUri: 'a/5' };
    source.load = () => Promise.reject(new Error('ENOENT: no such file, open /srv/store/runs/1/model.tar.gz'));
    await watcher.check();
    const readiness = predictor.readiness();
    expect(readiness.ready).toBe(false);
    expect(JSON.stringify(readiness)).not.toContain('/srv/store');
    expect(JSON.stringify(readiness)).toContain('<location>');
  });

  it('leaves a failed deployment alone for a while instead of reloading it on every poll', async () => {
    const { source, watcher, clock, failures } = setup();
    source.deployment = { version: 5, artifactUri: 'a/5' };
    source.failing.add(5);
    await watcher.check();
    await watcher.check();
    expect(failures()).toBe(1);
    clock.now += 300_000;
    await watcher.check();
    expect(failures()).toBe(2);
  });
});
