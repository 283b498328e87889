import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGLISH_MONTH, svgTexts } from './__fixtures__/svg-text.js';
import { CJK_FONT_FILE } from './font.js';
import { qualityFindingsSpec, renderQualityChart } from './quality-findings-spec.js';
import { specToSvg } from './render.js';

describe('qualityFindingsSpec', () => {
  it('labels every month from the first finding to the last in Japanese, with the actions present', async () => {
    const texts = svgTexts(
      await specToSvg(
        qualityFindingsSpec([
          { month: '2022-11', action: 'warn', count: 2 },
          { month: '2023-02', action: 'drop', count: 1 },
          { month: '2023-02', action: 'warn', count: 3 },
        ]),
      ),
    );
    for (const label of ['2022年11月', '12月', '2023年1月', '2月']) expect(texts).toContain(label);
    expect(texts).toContain('除外（drop）');
    expect(texts).toContain('警告（warn）');
    expect(texts).not.toContain('停止（fail）');
    expect(texts).toContain('6件（日付のある検出のみ）');
    expect(texts.join(' ')).not.toMatch(ENGLISH_MONTH);
  });

  it('says so when nothing was found', async () => {
    const texts = svgTexts(await specToSvg(qualityFindingsSpec([])));
    expect(texts).toContain('検出なし（すべての規則を通過）');
  });
});

describe.skipIf(!existsSync(CJK_FONT_FILE))('renderQualityChart', () => {
  it('writes the chart as SVG and PNG', async () => {
    const out = mkdtempSync(join(tmpdir(), 'powercast-quality-chart-'));
    const files = await renderQualityChart([{ month: '2023-01', action: 'fail', count: 1 }], out, 'findings');
    expect(files).toEqual({ png: join(out, 'findings.png'), svg: join(out, 'findings.svg') });
    expect(readFileSync(files.svg, 'utf8')).toContain('<svg');
    expect([...readFileSync(files.png).subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
  });
});
