import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot, resolvePath } from '@powercast/contracts/cli';
import { describe, expect, it } from 'vitest';
import { projectRoot, workspaceRoot } from '../test/cli.js';
import { loadMonitoringConfig, loadSettings, resolveDataDir } from './settings.js';

describe('paths resolve from the workspace root, whichever directory nx starts us in', () => {
  it('finds the workspace root from the project root and from the root itself', () => {
    expect(findWorkspaceRoot(projectRoot)).toBe(workspaceRoot);
    expect(findWorkspaceRoot(workspaceRoot)).toBe(workspaceRoot);
  });

  it('uses the start directory outside a workspace (the container)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'no-workspace-'));
    expect(findWorkspaceRoot(dir)).toBe(dir);
  });

  it('resolves the default store and data dir from the root, and leaves URIs alone', () => {
    const io = { out: () => undefined, err: () => undefined, env: {}, cwd: projectRoot };
    const settings = loadSettings(io, {});
    // Typed at the workspace root: what the README's commands do.
    const atRoot = (env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; cwd: string } => ({ env, cwd: workspaceRoot });
    expect(settings.store.uri).toBe(join(workspaceRoot, '.powercast'));
    expect(resolveDataDir(settings.root, settings.config, undefined, atRoot({}))).toBe(
      join(workspaceRoot, 'data', 'raw'),
    );
    expect(
      resolveDataDir(settings.root, settings.config, undefined, atRoot({ POWERCAST_DATA_DIR: '../shared/data' })),
    ).toBe(join(workspaceRoot, '..', 'shared', 'data'));
    expect(resolveDataDir(settings.root, settings.config, 'x', atRoot({ POWERCAST_DATA_DIR: '/elsewhere' }))).toBe(
      join(workspaceRoot, 'x'),
    );
    expect(resolvePath(workspaceRoot, 's3://bucket/prefix')).toBe('s3://bucket/prefix');
  });
});

describe('a path the user typed resolves from the directory they typed the command in', () => {
  it('takes --data-dir, POWERCAST_DATA_DIR and --store from INIT_CWD, the defaults from the root', () => {
    const typedIn = join(workspaceRoot, 'apps');
    const io = { out: () => undefined, err: () => undefined, env: { INIT_CWD: typedIn }, cwd: workspaceRoot };
    const settings = loadSettings(io, { store: 'my-store' });
    expect(settings.store.uri).toBe(join(typedIn, 'my-store'));
    expect(resolveDataDir(settings.root, settings.config, undefined, io)).toBe(join(workspaceRoot, 'data', 'raw'));
    const env = { INIT_CWD: typedIn, POWERCAST_DATA_DIR: '../../shared/data' };
    expect(resolveDataDir(settings.root, settings.config, undefined, { env, cwd: workspaceRoot })).toBe(
      join(workspaceRoot, '..', 'shared', 'data'),
    );
    expect(resolveDataDir(settings.root, settings.config, 'raw', { env, cwd: workspaceRoot })).toBe(
      join(typedIn, 'raw'),
    );
  });
});

describe('the accuracy thresholds come from the monitoring: section of the same config file', async () => {
  // Loaded lazily, as settings.ts loads it (the trainer's lint rule for lazy-loaded packages).
  const { DEFAULT_MONITORING_CONFIG, MonitoringConfigError } = await import('@powercast/monitoring');
  const io = { out: () => undefined, err: () => undefined, env: {}, cwd: workspaceRoot };
  const configFile = (text: string): string => {
    const file = join(mkdtempSync(join(tmpdir(), 'powercast-monitoring-config-')), 'powercast.config.yaml');
    writeFileSync(file, text);
    return file;
  };

  it("repeats the defaults in the workspace's powercast.config.yaml", async () => {
    expect(await loadMonitoringConfig(loadSettings(io, {}))).toEqual(DEFAULT_MONITORING_CONFIG);
  });

  it('reads a configured threshold and margin; the rest default', async () => {
    const file = configFile('monitoring:\n  mape_28d_percent: 4.2\n  clear_margin_mape_pt: 0.5\n');
    const config = await loadMonitoringConfig(loadSettings(io, { config: file }));
    expect(config.thresholds).toEqual({ ...DEFAULT_MONITORING_CONFIG.thresholds, mape28dPercent: 4.2 });
    expect(config.clearMargins).toEqual({ ...DEFAULT_MONITORING_CONFIG.clearMargins, mapePercentPoints: 0.5 });
  });

  it('refuses a bad value naming the file, the key, the value and what was expected', async () => {
    const file = configFile('monitoring:\n  coverage_max: 90\n');
    const failure = loadMonitoringConfig(loadSettings(io, { config: file }));
    await expect(failure).rejects.toBeInstanceOf(MonitoringConfigError);
    await expect(failure).rejects.toThrow(
      `${file}: key "monitoring.coverage_max" = 90; expected a share from 0 to 1, above coverage_min`,
    );
  });
});
