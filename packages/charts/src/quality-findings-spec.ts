import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { CJK_FONT_FILE, requireFontFile } from './font.js';
import { formatMonthJa } from './format.js';
import { specToSvg, svgToPng, type SvgToPngOptions } from './render.js';
import { chartColors, chartConfig, chartTitle, type ChartTextOptions } from './theme.js';

/** Data-quality findings of one month and action (what the run did about them). */
export interface QualityFindingsMonth {
  /** `YYYY-MM`. */
  month: string;
  action: 'fail' | 'drop' | 'warn';
  count: number;
}

const ACTION_LABEL = { fail: '停止（fail）', drop: '除外（drop）', warn: '警告（warn）' } as const;
const ACTION_COLOR = { fail: chartColors.overForecast, drop: chartColors.tepco, warn: chartColors.backcast } as const;

/**
 * Vega-Lite spec of the data-quality findings per month, stacked by action. Months without a finding
 * between the first and the last are shown empty; no finding at all is said in the subtitle.
 */
export function qualityFindingsSpec(
  months: readonly QualityFindingsMonth[],
  options: ChartTextOptions = {},
): TopLevelSpec {
  const total = months.reduce((sum, m) => sum + m.count, 0);
  const spanned = monthSpan(months.map((m) => m.month));
  const values = months.map((m) => ({ ...m, label: ACTION_LABEL[m.action] }));
  const labelOf = new Map(spanned.map((month, i) => [month, formatMonthJa(month, i === 0 || month.endsWith('-01'))]));
  const actions = (['fail', 'drop', 'warn'] as const).filter((action) => months.some((m) => m.action === action));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig(),
    title: chartTitle(
      'データ品質：月別の検出件数',
      options,
      total === 0 ? '検出なし（すべての規則を通過）' : `${total}件（日付のある検出のみ）`,
    ),
    width: Math.max(360, spanned.length * 28),
    height: 200,
    data: { values: total === 0 ? [] : values },
    mark: { type: 'bar' },
    encoding: {
      x: {
        field: 'month',
        type: 'ordinal',
        scale: { domain: spanned },
        axis: {
          title: null,
          labelAngle: 0,
          labelExpr: `({${[...labelOf].map(([m, l]) => `'${m}': '${l}'`).join(', ')}})[datum.value] || ''`,
        },
      },
      y: { field: 'count', type: 'quantitative', stack: 'zero', axis: { title: '件数', tickMinStep: 1 } },
      color: {
        field: 'label',
        type: 'nominal',
        title: null,
        scale: {
          domain: actions.map((action) => ACTION_LABEL[action]),
          range: actions.map((action) => ACTION_COLOR[action]),
        },
      },
    },
  };
}

/** Every `YYYY-MM` from the first to the last of `months` (empty in, empty out). */
function monthSpan(months: readonly string[]): string[] {
  if (months.length === 0) return [];
  const sorted = [...months].sort();
  const span: string[] = [];
  let [year, month] = sorted[0]!.split('-').map(Number) as [number, number];
  const last = sorted.at(-1)!;
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    span.push(key);
    if (key >= last) return span;
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
}

/** Renders the findings chart to `<outDir>/<fileStem>.{svg,png}` (the pipeline's stem is `QUALITY_CHART` of contracts). */
export async function renderQualityChart(
  months: readonly QualityFindingsMonth[],
  outDir: string,
  fileStem: string,
  options: SvgToPngOptions & ChartTextOptions = {},
): Promise<{ png: string; svg: string }> {
  requireFontFile(options.fontFile ?? CJK_FONT_FILE);
  const svg = await specToSvg(qualityFindingsSpec(months, options));
  await mkdir(outDir, { recursive: true });
  const file = { png: join(outDir, `${fileStem}.png`), svg: join(outDir, `${fileStem}.svg`) };
  await writeFile(file.svg, svg, 'utf8');
  await writeFile(file.png, svgToPng(svg, options));
  return file;
}
