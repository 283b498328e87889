import type { TopLevelSpec } from 'vega-lite';
import { formatNumber } from './format.js';
import type { ChartImportance } from './input.js';
import { chartColors, chartConfig, type ChartTextOptions, chartTitle } from './theme.js';

export interface ImportanceBar {
  feature: string;
  /** Share of the total split gain of all features, in percent. */
  sharePct: number;
  /** Value label: the gain share, then the split count (or split share) when known. */
  label: string;
}

function splitText(item: ChartImportance): string {
  if (item.splitCount !== undefined) return `（${formatNumber(item.splitCount, 0)}回分割）`;
  if (item.splits !== undefined) return `（分割の${formatNumber(item.splits * 100, 1)}%）`;
  return '';
}

/** The `topN` features by gain, largest first, as percent of the total gain (ties keep input order). */
export function topImportanceBars(importance: readonly ChartImportance[], topN = 20): ImportanceBar[] {
  const totalGain = importance.reduce((sum, item) => sum + item.gain, 0);
  return importance
    .map((item, index) => ({ item, index }))
    .sort((a, b) => b.item.gain - a.item.gain || a.index - b.index)
    .slice(0, topN)
    .map(({ item }) => {
      const sharePct = totalGain > 0 ? (item.gain / totalGain) * 100 : 0;
      return { feature: item.feature, sharePct, label: `${formatNumber(sharePct, 1)}%${splitText(item)}` };
    });
}

/** Vega-Lite spec of `feature_importance`: horizontal bars of the top 20 features by split gain. */
export function featureImportanceSpec(
  importance: readonly ChartImportance[],
  options: ChartTextOptions & { topN?: number } = {},
): TopLevelSpec {
  const topN = options.topN ?? 20;
  const bars = topImportanceBars(importance, topN);
  if (bars.length === 0) {
    // A model without a single split (e.g. a constant target) still gets a chart that says so.
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: chartConfig(),
      title: chartTitle('特徴量の重要度', options, '分割ゲインの合計に占める割合'),
      width: 560,
      height: 80,
      data: { values: [{ message: '重要度のデータがありません（分割のないモデル）' }] },
      mark: { type: 'text', fontSize: 15, color: chartColors.reference },
      encoding: { text: { field: 'message' } },
    };
  }
  const maxSharePct = Math.max(...bars.map((bar) => bar.sharePct), 1);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig(),
    title: chartTitle(
      `特徴量の重要度（上位${bars.length}）`,
      options,
      `分割ゲインの合計に占める割合・全${importance.length}特徴量`,
    ),
    width: 560,
    height: { step: 24 },
    data: { values: bars },
    encoding: {
      y: {
        field: 'feature',
        type: 'nominal',
        sort: null,
        axis: { title: null, labelLimit: 280, labelFontSize: 13 },
      },
      x: {
        field: 'sharePct',
        type: 'quantitative',
        // Room on the right for the value labels.
        scale: { domain: [0, maxSharePct * 1.3], nice: false },
        axis: { title: 'ゲイン比（%）', format: '.0f', tickCount: 6 },
      },
    },
    layer: [
      { mark: { type: 'bar', color: chartColors.bar, size: 16 } },
      { mark: { type: 'text', align: 'left', dx: 4, fontSize: 12 }, encoding: { text: { field: 'label' } } },
    ],
  };
}
