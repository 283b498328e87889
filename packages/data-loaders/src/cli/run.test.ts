import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { tepcoDailyText } from '../__fixtures__/builders.js';
import { encodeCp932 } from '../__fixtures__/cp932.js';
import { smallTree, writeTree } from '../__fixtures__/tree.js';
import type { DataInventory } from './describe.js';
import { runCli } from './run.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
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

  it('rejects an unknown kind', async () => {
    const { code, err } = await run(['fetch', '--from', '2022-05', '--to', '2022-05', '--kinds', 'weather']);
    expect(code).toBe(2);
    expect(err).toContain('fetch: --kinds.0: Invalid option');
    expect((await run(['fetch', '--from', '2022-5', '--to', '2022-05'])).err).toContain(
      '--from: expected YYYY-MM or YYYY-MM-DD',
    );
  });
});
