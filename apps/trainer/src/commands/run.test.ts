import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openArtifactStore, StoreModelRegistry } from '@powercast/aws-pipeline';
import {
  localApprovalSecret,
  tokenFingerprint,
  verifyApprovalToken,
  type ApprovalMessage,
} from '@powercast/aws-pipeline/approval';
import { describe, expect, it } from 'vitest';
import { dataDir, runCli } from '../../test/cli.js';
import { startTestS3 } from '@powercast/test-s3';

const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), prefix));

describe.skipIf(!dataDir)('trainer run on the shared data', () => {
  it('trains, evaluates, charts and registers version 1, writes its approval message, then hits the cache and approves it', async () => {
    const store = tempDir('powercast-trainer-store-');
    const first = await runCli(['run', '--store', store], { env: { POWERCAST_DATA_DIR: dataDir } });
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/\[1\/11\] LoadData started\n\[1\/11\] LoadData done in \d+\.\d\d s/);
    // ValidateData: the one-line quality summary (the real data's one JMA difference) and where quality.json is.
    expect(first.out).toContain(
      '\nquality: 14 rules, 1 findings, 0 fail, 0 days dropped, 1 warn (conflicting-rows 1)\n',
    );
    expect(first.out).toMatch(/\n {2}quality report .*\/runs\/.*\/steps\/ValidateData\/quality\/quality\.json\n/);
    expect(first.out).toMatch(/\n {2}data-quality findings by month .*\/charts\/quality_findings_by_month\.png\n/);
    expect(first.out).toMatch(/ {2}TrainModel {8}Succeeded {2}\d+\.\d\d s/);
    expect(first.out).toMatch(/mse \d+\.\d \(rmse \d+\.\d 万kW\) <= threshold 40000/);
    // The evaluation leads with the ex-ante figure (the one CheckMSE gated on), the backcast labelled, TEPCO with n.
    expect(first.out).toMatch(
      /evaluation on the test days:\nex-ante 2023-10-01 \.\. 2023-12-31, issued 18:00 JST on D−1 \(JMA forecast\):\n {2}ex-ante \(as served\) +n {2}92 {2}mape \d\.\d\d/,
    );
    expect(first.out).toMatch(/\n {2}backcast \(observed weather\) +n {2}92 /);
    expect(first.out).toMatch(/\n {2}TEPCO night-before +n {3}0 {2}\(no night-before value/);
    expect(first.out).toMatch(/\nex-ante mse \d+\.\d \(rmse/);
    expect(first.out).toContain('registered PowerForecastPackageGroup version 1 as PendingManualApproval');
    expect(first.out).toContain(`charts ${store}/runs/`);

    // The approval message of the new version: in the outbox, printed, and its Approve link verifies
    // with the store's local secret (the one approval:serve checks links against).
    const outbox = readdirSync(join(store, 'outbox'));
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatch(/^PowerForecastPackageGroup-v1-\d{8}T\d{6}Z\.json$/);
    const message = JSON.parse(readFileSync(join(store, 'outbox', outbox[0]!), 'utf8')) as ApprovalMessage;
    expect(first.out).toContain(`approval message ${join(store, 'outbox', outbox[0]!)}`);
    // Nx caches terminal output: the token itself is never printed, only its fingerprint and the file.
    const approveUrl = new URL(message.approveUrl);
    expect(first.out).not.toContain(approveUrl.searchParams.get('token'));
    expect(first.out).toContain(
      `Approve link token ${tokenFingerprint(approveUrl.searchParams.get('token')!)}: open the message's approveUrl`,
    );
    expect(first.out).toContain(`npx nx run approval:serve -- --store ${store})`);
    expect(statSync(join(store, 'outbox', outbox[0]!)).mode & 0o777).toBe(0o600);
    expect(`${approveUrl.origin}${approveUrl.pathname}`).toBe('http://127.0.0.1:8787/approval');
    expect(approveUrl.searchParams.get('action')).toBe('approve');
    const secret = await localApprovalSecret(openArtifactStore(store), {});
    const verified = verifyApprovalToken({
      secret,
      token: approveUrl.searchParams.get('token'),
      expectedAction: 'approve',
    });
    expect(verified.ok && verified.claims.pkg).toBe('PowerForecastPackageGroup/1');
    const reject = verifyApprovalToken({
      secret,
      token: new URL(message.rejectUrl).searchParams.get('token'),
      expectedAction: 'approve',
    });
    expect(reject.ok ? 'accepted' : reject.error.reason).toBe('wrong-action');
    expect(message.text).toMatch(/MSE \(万kW²\): \d+\.\d\d \(within threshold 40000\.00\)/);
    expect(message.text).toMatch(/file:\/\/.*\.(png|svg)/);
    expect(message.text).toMatch(/quality_findings_by_month\.png: file:\/\//);

    const second = await runCli(['run', '--store', store, '--data-dir', dataDir!]);
    expect(second.code).toBe(0);
    expect(second.out.match(/ cached \(outputs of run /g)).toHaveLength(6);
    expect(second.out).toContain('model unchanged: already registered as PowerForecastPackageGroup version 1');
    expect(second.out).toContain('approval message again (local outbox): npx nx run approval:outbox -- 1');
    expect(readdirSync(join(store, 'outbox'))).toEqual(outbox);

    const approved = await runCli([
      'models',
      'approve',
      '1',
      '--store',
      store,
      '--by',
      'alice',
      '--reason',
      'beats the baseline',
    ]);
    expect(approved.out).toBe(
      'PowerForecastPackageGroup version 1: Approved by alice (beats the baseline)\n' +
        'deployed: PowerForecastPackageGroup version 1 is now the model the predict API serves (no version was deployed before)',
    );
    const again = await runCli(['models', 'reject', '1', '--store', store]);
    expect(again.code).toBe(1);
    expect(again.err).toContain(
      'ModelPackageConflictError: model package PowerForecastPackageGroup/1 was already Approved by alice',
    );
    const listed = await runCli(['models', 'list', '--store', store]);
    expect(listed.out).toMatch(/\n1 +Approved +\d+\.\d +2016-04-01\.\.2023-09-30 /);
  });

  it('registers a candidate worse than the deployed model as Rejected with the reason, and offers one that is not worse', async () => {
    const store = tempDir('powercast-trainer-store-');
    const run = (...extra: string[]) => runCli(['run', '--store', store, '--data-dir', dataDir!, ...extra]);
    expect((await run()).out).toContain(
      'no deployed model in PowerForecastPackageGroup: the champion/challenger gate passes',
    );
    await runCli(['models', 'approve', '1', '--store', store]);

    // Two shallow trees: clearly worse than version 1 on the same days (the MSE threshold is lifted to isolate this gate).
    const worse = await run(
      '--param',
      'hyperparameters={"n_estimators":2,"learning_rate":0.05}',
      '--param',
      'mse_threshold=1000000000',
    );
    expect(worse.code).toBe(0);
    const gate = /CheckChampion: candidate mse (\d+\.\d) > allowed (\d+\.\d) → RegisterRejected/.exec(worse.out);
    expect(gate).not.toBeNull();
    const reason =
      /not offered for approval: (worse than the deployed model: candidate ex-ante mse [\d.]+ > allowed [\d.]+ \(deployed v1 ex-ante mse ([\d.]+) \+ 5 % margin\) on 92 days 2023-10-01 \.\. 2023-12-31)\n/.exec(
        worse.out,
      );
    expect(reason).not.toBeNull();
    expect(Number(gate![2])).toBeCloseTo(Number(reason![2]) * 1.05, 0);
    expect(worse.out).toContain('registered PowerForecastPackageGroup version 2 as Rejected');
    expect(worse.out).toMatch(/ {2}RegisterModel {5}Skipped/);
    expect(worse.out).toMatch(/ {2}RegisterRejected {2}Succeeded/);
    // Recorded in the registry (decided by the pipeline, with the reason) and never announced for approval.
    const registry = new StoreModelRegistry(openArtifactStore(store));
    const rejected = await registry.describe(2);
    expect(rejected.status).toBe('Rejected');
    expect(rejected.decision).toMatchObject({ by: 'pipeline RegisterRejected' });
    expect(rejected.decision?.reason).toContain(reason![1]);
    expect(rejected.description).toContain(reason![1]);
    expect(readdirSync(join(store, 'outbox')).filter((name) => name.includes('-v2-'))).toEqual([]);
    expect((await runCli(['models', 'list', '--store', store])).out).toMatch(/\n2 +Rejected /);

    // The default model again: not worse than the deployed version 1, so it is offered, and the message says so.
    const same = await run();
    expect(same.out).toMatch(/\[5\/11\] EvaluateModel done in/);
    expect(same.out).toMatch(/CheckChampion: candidate mse [\d.]+ <= allowed [\d.]+ → RegisterModel/);
    expect(same.out).toContain('registered PowerForecastPackageGroup version 3 as PendingManualApproval');
    const [message] = readdirSync(join(store, 'outbox')).filter((name) => name.includes('-v3-'));
    const text = (JSON.parse(readFileSync(join(store, 'outbox', message!), 'utf8')) as ApprovalMessage).text;
    expect(text).toContain('Compared with the model deployed now (version 1), same days, same ex-ante code: not worse');
    expect(text).toMatch(/ {2}with-history variant: MAPE \d\.\d{3} %, RMSE [\d.]+, bias -?[\d.]+, n 92/);
    expect(text).toMatch(/ {2}weather\+calendar variant: MAPE \d\.\d{3} %, RMSE [\d.]+, bias -?[\d.]+, n 92/);
  });

  it('keeps the registered version but exits 1 with the re-send command when the approval message cannot be written', async () => {
    const store = tempDir('powercast-trainer-store-');
    writeFileSync(join(store, 'outbox'), 'a file where the outbox directory should be');
    const result = await runCli(['run', '--store', store, '--data-dir', dataDir!]);
    expect(result.code).toBe(1);
    expect(result.out).toContain('registered PowerForecastPackageGroup version 1 as PendingManualApproval');
    expect(result.out).not.toContain('Approve link');
    expect(result.err).toMatch(
      /^approval message not written: ArtifactStoreError: .*outbox\/PowerForecastPackageGroup-v1-/,
    );
    expect(result.err).toContain(`write it again: npx nx run approval:outbox -- 1 --store ${store}`);
    expect((await runCli(['models', 'list', '--store', store])).out).toMatch(/\n1 +PendingManualApproval /);
  });

  it('says "no ex-ante figure" everywhere and gates on the backcast when the data has no JMA forecast archive', async () => {
    const store = tempDir('powercast-trainer-store-');
    const data = tempDir('powercast-data-without-jma-forecast-');
    cpSync(dataDir!, data, { recursive: true, filter: (source) => !source.includes(join('jma', 'forecast')) });
    const result = await runCli(['run', '--store', store, '--data-dir', data]);
    expect(result.code).toBe(0);
    expect(result.out).toContain(
      'no ex-ante figure: the data has no JMA forecast archive (jma/forecast/), so no forecast as issued can be replayed',
    );
    expect(result.out).toMatch(/\nbackcast mse \d+\.\d \(rmse \d+\.\d 万kW\) <= threshold 40000/);
    expect(result.out).not.toContain('ex-ante (as served)');
    const outbox = readdirSync(join(store, 'outbox'));
    const message = JSON.parse(readFileSync(join(store, 'outbox', outbox[0]!), 'utf8')) as ApprovalMessage;
    expect(message.text).toContain('No ex-ante figure: no JMA forecast issue for the test days');
    expect(message.text).not.toContain('Ex-ante test metrics');
  });

  it('fails with the bad-input exit code naming file, date and rule when a copy of the data has an impossible day', async () => {
    const store = tempDir('powercast-trainer-store-');
    const data = tempDir('powercast-data-impossible-day-');
    cpSync(dataDir!, data, { recursive: true });
    const yearly = join(data, 'tepco', 'yearly', 'juyo-2019.csv');
    const lines = readFileSync(yearly, 'latin1').split('\n');
    const first = lines.findIndex((line) => line.startsWith('2019/7/10,0:00,'));
    for (let hour = 0; hour < 24; hour++) lines[first + hour] = `2019/7/10,${hour}:00,99999\r`;
    writeFileSync(yearly, lines.join('\n'), 'latin1');
    const result = await runCli(['run', '--store', store, '--data-dir', data]);
    expect(result.code).toBe(2);
    expect(result.err).toContain(
      `run failed: step ValidateData failed: data quality gate: 1 finding(s) of rules set to fail; tepco/yearly/juyo-2019.csv, line ${first + 1}, date 2019-07-10: rule hourly-demand-range (fail): 2019-07-10: 24 of 24 hourly values outside 1000..7500 万kW`,
    );
    expect(result.out).toMatch(/ {2}ValidateData {6}Failed/);
    expect(result.out).toMatch(/ {2}PreprocessData {4}NotRun/);
    expect(result.out).toMatch(/data quality gate failed: every finding is in .*ValidateData\/log\.txt/);
    expect((await runCli(['models', 'list', '--store', store])).out).toContain('no model packages');
  });

  it('ends "not registered" with exit code 0 when the model misses the MSE threshold', async () => {
    const store = tempDir('powercast-trainer-store-');
    const result = await runCli(['run', '--store', store, '--data-dir', dataDir!, '--param', 'mse_threshold=1']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/not registered: ex-ante mse \d+\.\d+ > mse_threshold 1/);
    expect(result.out).toMatch(/ {2}RegisterModel {5}Skipped/);
    expect((await runCli(['models', 'list', '--store', store])).out).toContain('no model packages');
  });

  it('fails the step that cannot reach S3, registers nothing, and resumes from the cache once S3 is back', async () => {
    const s3 = await startTestS3();
    try {
      const store = `s3://${s3.bucket}/powercast`;
      let stopping: Promise<void> | undefined;
      const env = (): NodeJS.ProcessEnv => ({ POWERCAST_S3_ENDPOINT: s3.endpoint, POWERCAST_DATA_DIR: dataDir });
      const failed = await runCli(['run', '--store', store], {
        env: env(),
        onLine: (line) => {
          if (line === '[4/11] TrainModel started') stopping = s3.stop();
        },
      });
      await stopping;
      expect(failed.code).toBe(1);
      expect(failed.out).toMatch(/\[4\/11\] TrainModel FAILED after .*S3 endpoint unreachable/);
      expect(failed.err).toMatch(
        /run failed: step TrainModel failed: cannot (read|write) s3:\/\/powercast-test\/powercast\/runs\/.*unreachable/,
      );

      await s3.restart();
      expect((await runCli(['models', 'list', '--store', store], { env: env() })).out).toContain('no model packages');
      const resumed = await runCli(['run', '--store', store], { env: env() });
      expect(resumed.code).toBe(0);
      expect(resumed.out).toContain('[1/11] LoadData cached');
      expect(resumed.out).toContain('[3/11] PreprocessData cached');
      expect(resumed.out).toContain('[4/11] TrainModel done in');
      expect(resumed.out).toContain('registered PowerForecastPackageGroup version 1 as PendingManualApproval');
      expect(resumed.out).toMatch(
        /approval message s3:\/\/powercast-test\/powercast\/outbox\/PowerForecastPackageGroup-v1-\d{8}T\d{6}Z\.json/,
      );
    } finally {
      await s3.close();
    }
  });
});

describe('trainer run with bad input', () => {
  it('explains a missing data directory and how to fetch the data (exit 2)', async () => {
    const result = await runCli(['run', '--data-dir', '/nonexistent/powercast-data'], { env: {} });
    expect(result.code).toBe(2);
    expect(result.err).toContain('No data in /nonexistent/powercast-data (the directory does not exist)');
    expect(result.err).toContain(
      'npx nx run data-loaders:fetch -- --from 2022-04 --to 2023-12 --dir /nonexistent/powercast-data',
    );
  });

  it('explains an empty data directory', async () => {
    const result = await runCli(['run', '--data-dir', tempDir('powercast-empty-')]);
    expect(result.code).toBe(2);
    expect(result.err).toContain('(the directory is empty)');
  });

  it('names an unknown config key (exit 2)', async () => {
    const dir = tempDir('powercast-config-');
    writeFileSync(join(dir, 'bad.yaml'), 'mse_treshold: 100\n');
    const result = await runCli(['run', '--config', join(dir, 'bad.yaml'), '--data-dir', dir]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/ConfigError: .*bad\.yaml: key "mse_treshold": unknown key/);
  });

  it('names a config key with the wrong type', async () => {
    const dir = tempDir('powercast-config-');
    writeFileSync(join(dir, 'bad.yaml'), 'aws:\n  instance_count: two\n');
    const result = await runCli(['run', '--config', join(dir, 'bad.yaml')]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/key "aws\.instance_count": .*expected number/);
  });

  it('rejects a store URI that does not parse', async () => {
    const data = tempDir('powercast-data-');
    mkdirSync(join(data, 'tepco'));
    const result = await runCli(['run', '--store', 'ftp://example.com/store', '--data-dir', data]);
    expect(result.code).toBe(2);
    expect(result.err).toContain(
      'InvalidStoreUriError: invalid store URI "ftp://example.com/store": unsupported scheme "ftp:"',
    );
  });

  it('rejects a malformed or unknown --param with the usage', async () => {
    const data = tempDir('powercast-data-');
    mkdirSync(join(data, 'tepco'));
    const store = tempDir('powercast-store-');
    const malformed = await runCli(['run', '--param', 'mse_threshold', '--data-dir', data, '--store', store]);
    expect(malformed.code).toBe(2);
    expect(malformed.err).toContain('--param "mse_threshold": expected key=value\nusage: trainer run');
    const unknown = await runCli(['run', '--param', 'treshold=1', '--data-dir', data, '--store', store]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown pipeline parameter "treshold"');
  });

  it('reports a store it cannot write (a file in the way) as a failed step', async () => {
    const data = tempDir('powercast-data-');
    mkdirSync(join(data, 'tepco'));
    const blocker = join(tempDir('powercast-store-'), 'file');
    writeFileSync(blocker, 'not a directory');
    const result = await runCli(['run', '--store', blocker, '--data-dir', data]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/cannot write .*file\/runs\/.*run\.json/);
  });
});
