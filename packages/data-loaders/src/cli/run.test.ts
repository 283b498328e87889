import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { tepcoDailyText, tepcoRunningDayText } from '../__fixtures__/builders.js';
import { encodeCp932 } from '../__fixtures__/cp932.js';
import { archiveRecords, archiveText, liveJsonFromArchive } from '../__fixtures__/jma-forecast.js';
import { smallTree, writeTree } from '../__fixtures__/tree.js';
import type { DataInventory } from './describe.js';
import { runCli } from './run.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function run(
  argv: string[],
  location: { env: NodeJS.ProcessEnv; cwd: string } = { env: {}, cwd: process.cwd() },
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), ...location });
  return { code, out, err };
}

describe('powercast-data describe', () => {
  it('prints the inventory as JSON: per source kind and the merged table', async () => {
    const dir = await writeTree(smallTree());
    dirs.push(dir);
    const { code, out } = await run(['describe', '--data-dir', dir]);
    expect(code).toBe(0);
    const inventory = JSON.parse(out) as DataInventory;
    expect(inventory.sources['tepco-daily']).toMatchObject({
      firstDate: '2022-04-01',
      lastDate: '2022-04-02',
      dayCount: 2,
      gaps: [],
      warnings: [],
    });
    expect(inventory.sources['jma-daily']?.warnings).toEqual([
      expect.stringMatching(/^jma\/daily\/newer\.csv, line 7: 2022-04-01 weather_day: "曇後雪"/),
    ]);
    expect(inventory.merged).toMatchObject({
      rowCount: 4,
      firstDate: '2022-03-30',
      lastDate: '2022-04-02',
      gaps: [],
      join: 'target',
    });
    expect(inventory.merged.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(inventory.ignoredFiles).toEqual(['README.md']);
  });

  it('exits 1 with the expected layout for a missing folder', async () => {
    const { code, err } = await run(['describe', '--data-dir', '/nonexistent/data']);
    expect(code).toBe(1);
    expect(err).toContain('error (missing-source): /nonexistent/data: directory does not exist');
    expect(err).toContain('tepco/yearly/juyo-YYYY.csv');
  });

  it('exits 2 with usage for a missing option or unknown command', async () => {
    expect((await run(['describe'])).code).toBe(2);
    const unknown = await run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown command "frobnicate"');
    expect((await run(['describe', '--bogus'])).err).toContain('usage:');
  });
});

describe('powercast-data fetch', () => {
  it('downloads into --dir with one progress line per file and a summary', async () => {
    const zip = zipSync({ '20220501_power_usage.csv': encodeCp932(tepcoDailyText('2022-05-01')) });
    const server = createServer((_request, response) => response.writeHead(200).end(zip));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const dir = await mkdtemp(path.join(tmpdir(), 'powercast-cli-'));
    dirs.push(dir);
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/images/`;
      const { code, out } = await run([
        'fetch',
        '--from',
        '2022-05',
        '--to',
        '2022-05',
        '--dir',
        dir,
        '--kinds',
        'tepco-monthly',
        '--tepco-url',
        url,
      ]);
      expect(code).toBe(0);
      expect(out).toContain('[1/1] downloaded tepco/monthly/202205_power_usage.zip');
      expect(out).toContain('done: 1 downloaded, 0 already complete');
      expect(await readdir(path.join(dir, 'tepco/monthly'))).toEqual(['202205_power_usage.zip']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('snapshots the live files without a period, and needs one for the archived kinds', async () => {
    const json = JSON.stringify(
      liveJsonFromArchive(
        archiveRecords(
          archiveText([
            {
              reportDatetime: '2023-07-31T17:00:00+09:00',
              timeDefine: '2023-08-01T09:00:00+09:00',
              areaCode: '44132',
              temp: '34',
            },
          ]),
          '2023-07-31T17:00:00+09:00',
        ),
      ),
    );
    const day = encodeCp932(tepcoRunningDayText('2023-08-01', { hours: 17, fiveMinutes: 214 }));
    const server = createServer((request, response) =>
      response.writeHead(200).end(request.url?.endsWith('.json') ? json : day),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const dir = await mkdtemp(path.join(tmpdir(), 'powercast-cli-'));
    dirs.push(dir);
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const { code, out } = await run([
        'fetch',
        '--kinds',
        'jma-forecast,tepco-live',
        '--dir',
        dir,
        '--jma-forecast-url',
        `${base}/130000.json`,
        '--tepco-live-url',
        `${base}/juyo-d1-j.csv`,
      ]);
      expect(code).toBe(0);
      expect(out).toContain('[1/2] downloaded jma/forecast/live/130000_20230731T1700.json');
      expect(out).toContain('[2/2] downloaded tepco/live/20230801_1755_juyo-d1-j.csv');
      expect(out).toContain('done: 2 downloaded, 0 already complete');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    const missing = await run(['fetch', '--kinds', 'tepco-monthly,jma-forecast']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--from: required for period kinds; --to: required for period kinds');
  });

  it('rejects an unknown kind', async () => {
    const { code, err } = await run(['fetch', '--from', '2022-05', '--to', '2022-05', '--kinds', 'weather']);
    expect(code).toBe(2);
    expect(err).toContain('fetch: --kinds.0: Invalid option');
    expect((await run(['fetch', '--from', '2022-5', '--to', '2022-05'])).err).toContain(
      '--from: expected YYYY-MM or YYYY-MM-DD',
    );
  });
});

describe('powercast-data --help and unknown options', () => {
  it.each([
    ['describe', ['--data-dir', '--join']],
    ['fetch', ['--from', '--to', '--dir', '--kinds', '--tepco-url', '--jma-url', '--holidays-url']],
  ])('%s --help lists its options and exits 0', async (command, flags) => {
    const { code, err } = await run([command, '--help']);
    expect(code).toBe(0);
    expect(err).toMatch(new RegExp(`^usage: powercast-data ${command} \\[options\\]`));
    for (const flag of flags) expect(err).toContain(`  ${flag} `);
  });

  it('lists the commands for --help, and names an unknown option in one line with exit 2', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.err).toMatch(/\n {2}describe +Prints the data inventory/);
    expect(help.err).toMatch(/\n {2}fetch +Downloads/);
    const unknown = await run(['fetch', '--form', '2022-04']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toBe("powercast-data fetch: unknown option '--form' (usage: powercast-data fetch --help)\n");
  });

  it('resolves a relative --data-dir from the directory the command was typed in (INIT_CWD)', async () => {
    const dir = await writeTree(smallTree());
    dirs.push(dir);
    const typedIn = path.dirname(dir);
    const location = { env: { INIT_CWD: typedIn }, cwd: '/' };
    const { code, out } = await run(['describe', '--data-dir', path.basename(dir)], location);
    expect(code).toBe(0);
    expect((JSON.parse(out) as DataInventory).source).toBe(dir);
  });

  it('as a process: exit 0 for --help, exit 2 and one line without a stack for an unknown option', () => {
    const cli = (args: string[]): ReturnType<typeof spawnSync> =>
      spawnSync(process.execPath, ['--conditions=@powercast/source', '--import', 'tsx', 'src/cli.ts', ...args], {
        cwd: path.resolve(import.meta.dirname, '../..'),
        encoding: 'utf8',
      });
    const help = cli(['describe', '--help']);
    expect(help.status).toBe(0);
    expect(help.stderr).toContain('usage: powercast-data describe [options]');
    const unknown = cli(['describe', '--bogus']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe(
      "powercast-data describe: unknown option '--bogus' (usage: powercast-data describe --help)\n",
    );
  });
});
