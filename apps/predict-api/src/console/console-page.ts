/**
 * The console page (`GET /`): static HTML and a small script that reads `/console/data.json` and
 * draws the charts with vega-embed. Every asset comes from this service (no CDN). Data is put into
 * the page with `textContent` only, never as HTML.
 */
export function consolePage(assetBase: string, dataUrl: string): string {
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Powercast 電力需要予測コンソール</title>
<link rel="icon" href="data:,">
<style>
  :root { color-scheme: light; font-family: system-ui, "Hiragino Sans", "Noto Sans JP", "IPAexGothic", sans-serif; }
  body { margin: 0; background: #f6f7f9; color: #1c1e21; }
  header { background: #153e75; color: #fff; padding: 12px 16px; }
  header h1 { font-size: 1.15rem; margin: 0; }
  main { max-width: 980px; margin: 0 auto; padding: 8px 12px 32px; }
  section { background: #fff; border-radius: 8px; padding: 12px 14px; margin: 12px 0; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
  h2 { font-size: 1rem; margin: 0 0 8px; }
  .big { font-size: 2rem; font-weight: 700; }
  .muted { color: #5f6b7a; font-size: .85rem; }
  .version { font-size: 1.3rem; font-weight: 700; }
  .chart { width: 100%; min-height: 120px; }
  .table-wrap { overflow-x: auto; }
  table { border-collapse: collapse; width: 100%; font-size: .9rem; }
  th, td { border-bottom: 1px solid #e3e6ea; padding: 4px 6px; text-align: right; white-space: nowrap; }
  th:first-child, td:first-child { text-align: left; }
  .alert { border-left: 4px solid #c62828; padding: 6px 10px; margin: 6px 0; background: #fff5f5; }
  .alert pre { white-space: pre-wrap; margin: 4px 0 0; font-size: .8rem; }
  #accuracy-table td, #accuracy-table th { white-space: normal; }
  .ok { color: #2e7d32; }
  a { color: #0b57d0; }
</style>
</head>
<body>
<header><h1>Powercast 電力需要予測コンソール（東京電力エリア 日最大電力）</h1></header>
<main>
  <section id="tomorrow"><h2>明日の予測</h2><div id="tomorrow-body" class="muted">読み込み中…</div></section>
  <section id="week"><h2>今後1週間の予測（80% 予測区間）</h2><div id="week-chart" class="chart"></div>
    <div class="table-wrap"><table id="week-table"></table></div></section>
  <section id="history"><h2>過去60日：予測と実績</h2><div id="history-chart" class="chart"></div>
    <p class="muted">予測は前日に発表した値（リード1日）、東京電力予想は東京電力の前日予想です。</p></section>
  <section id="accuracy"><h2>予測精度（直近7日・28日）</h2><div class="table-wrap"><table id="accuracy-table"></table></div>
    <p id="accuracy-note" class="muted"></p></section>
  <section id="model"><h2>配備中のモデル</h2><div id="model-body"></div></section>
  <section id="alerts"><h2>アラート</h2><div id="alerts-body"></div></section>
</main>
<script src="${assetBase}/vega.min.js"></script>
<script src="${assetBase}/vega-lite.min.js"></script>
<script src="${assetBase}/vega-embed.min.js"></script>
<script>
${consoleScript(dataUrl)}
</script>
</body>
</html>`;
}

/** The page's script, as text (the console has no build step of its own). */
function consoleScript(dataUrl: string): string {
  return `'use strict';
(async function () {
  const state = { ready: false, views: {}, data: null, error: null };
  window.powercastConsole = state;
  const weekdays = ['日', '月', '火', '水', '木', '金', '土'];
  const manKw = (value) => value === null || value === undefined ? '—' : Math.round(value).toLocaleString('ja-JP') + ' 万kW';
  const percent = (value, digits) => value === null || value === undefined ? '—' : value.toFixed(digits) + ' %';
  const dayLabel = (date) => {
    const d = new Date(date + 'T00:00:00Z');
    return (d.getUTCMonth() + 1) + '/' + d.getUTCDate() + '(' + weekdays[d.getUTCDay()] + ')';
  };
  const el = (tag, text, className) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  };
  const fillTable = (table, header, rows) => {
    table.replaceChildren();
    const head = el('tr');
    for (const cell of header) head.append(el('th', cell));
    table.append(head);
    for (const row of rows) {
      const tr = el('tr');
      for (const cell of row) tr.append(el('td', cell));
      table.append(tr);
    }
  };
  const embed = async (id, spec) => {
    const result = await vegaEmbed('#' + id, spec, { mode: 'vega-lite', actions: false, renderer: 'svg' });
    state.views[id] = result.view;
  };

  const response = await fetch(${JSON.stringify(dataUrl)});
  const data = await response.json();
  state.data = data;

  const issue = data.latestIssue;
  const tomorrow = issue && issue.days.find((day) => day.lead === 1);
  const tomorrowBody = document.getElementById('tomorrow-body');
  tomorrowBody.replaceChildren();
  if (tomorrow) {
    tomorrowBody.className = '';
    tomorrowBody.append(el('div', dayLabel(tomorrow.targetDate) + ' の最大電力'));
    tomorrowBody.append(el('div', manKw(tomorrow.point), 'big'));
    tomorrowBody.append(el('div', tomorrow.p10 === null ? '予測区間なし' : '80% 予測区間 ' + manKw(tomorrow.p10) + ' 〜 ' + manKw(tomorrow.p90)));
    tomorrowBody.append(el('div', '発表 ' + issue.issuedAt + '・モデル v' + issue.modelVersion, 'muted'));
  } else {
    tomorrowBody.textContent = '台帳に予測がまだありません（npx nx run trainer:daily を実行してください）。';
  }

  const weekDays = issue ? issue.days : [];
  fillTable(document.getElementById('week-table'), ['日付', '予測', '下限 (P10)', '上限 (P90)'],
    weekDays.map((day) => [dayLabel(day.targetDate), manKw(day.point), manKw(day.p10), manKw(day.p90)]));
  const weekValues = weekDays.map((day) => ({ date: day.targetDate, label: dayLabel(day.targetDate), point: day.point, p10: day.p10, p90: day.p90 }));
  await embed('week-chart', {
    width: 'container', height: 180, autosize: { type: 'fit-x', contains: 'padding' },
    datasets: { week: weekValues }, data: { name: 'week' },
    encoding: { x: { field: 'label', type: 'ordinal', sort: null, title: '日付', axis: { labelAngle: 0 } } },
    layer: [
      { mark: { type: 'rule', strokeWidth: 2, color: '#90a4ae' },
        encoding: { y: { field: 'p10', type: 'quantitative', title: '最大電力 (万kW)', scale: { zero: false } }, y2: { field: 'p90' } } },
      { mark: { type: 'point', filled: true, size: 60, color: '#153e75' },
        encoding: { y: { field: 'point', type: 'quantitative' },
          tooltip: [{ field: 'label', title: '日付' }, { field: 'point', title: '予測', format: ',.0f' }, { field: 'p10', title: 'P10', format: ',.0f' }, { field: 'p90', title: 'P90', format: ',.0f' }] } },
    ],
  });

  const series = { actual: '実績', point: '予測', tepcoForecast: '東京電力予想' };
  const historyValues = data.history.map((day) => ({ date: day.targetDate, actual: day.actual, point: day.point, tepcoForecast: day.tepcoForecast, p10: day.p10, p90: day.p90 }));
  await embed('history-chart', {
    width: 'container', height: 260, autosize: { type: 'fit-x', contains: 'padding' },
    datasets: { history: historyValues }, data: { name: 'history' },
    encoding: { x: { field: 'date', type: 'temporal', title: '対象日', axis: { format: '%m/%d' } } },
    layer: [
      { mark: { type: 'area', opacity: 0.25, color: '#5c8fd6' },
        transform: [{ filter: 'datum.p10 !== null && datum.p90 !== null' }],
        encoding: { y: { field: 'p10', type: 'quantitative', title: '最大電力 (万kW)', scale: { zero: false } }, y2: { field: 'p90' } } },
      { transform: [
          { fold: ['actual', 'point', 'tepcoForecast'], as: ['series', 'value'] },
          { filter: 'datum.value !== null' },
          { calculate: JSON.stringify(series) + '[datum.series]', as: '系列' },
        ],
        mark: { type: 'line', point: { size: 18 } },
        encoding: {
          y: { field: 'value', type: 'quantitative' },
          color: { field: '系列', type: 'nominal', scale: { domain: ['実績', '予測', '東京電力予想'], range: ['#1c1e21', '#1565c0', '#ef6c00'] }, legend: { orient: 'bottom', title: null } },
          tooltip: [{ field: 'date', type: 'temporal', title: '対象日', format: '%Y-%m-%d' }, { field: '系列' }, { field: 'value', title: '万kW', format: ',.0f' }],
        } },
    ],
  });

  const accuracy = data.accuracy;
  const windowName = (days) => '直近' + days + '日';
  // One column per window, one row per figure: narrow enough for a phone.
  const windows = accuracy ? accuracy.windows : [];
  const figure = (label, format) => [label, ...windows.map(format)];
  fillTable(document.getElementById('accuracy-table'), ['', ...windows.map((w) => windowName(w.days))], [
    figure('期間', (w) => w.from.slice(5) + '〜' + w.to.slice(5)),
    figure('件数', (w) => String(w.samples)),
    figure('MAPE', (w) => percent(w.mapePercent, 2)),
    figure('バイアス', (w) => w.biasManKw === null ? '—' : (w.biasManKw >= 0 ? '+' : '') + w.biasManKw.toFixed(1) + ' 万kW'),
    figure('80%区間カバー率', (w) => w.coverage === null ? '—' : percent(w.coverage * 100, 1)),
    figure('東京電力予想 MAPE', (w) => percent(w.tepco.mapePercent, 2)),
    figure('ナイーブ MAPE', (w) => percent(w.naive.mapePercent, 2)),
  ]);
  const t = data.thresholds;
  document.getElementById('accuracy-note').textContent =
    (accuracy ? 'モデル v' + (accuracy.modelVersion === null ? '（全版）' : accuracy.modelVersion) + ' の前日予測。' : '採点済みの予測がまだありません。') +
    'アラートのしきい値：28日 MAPE ' + t.mape28dPercent + ' % 超、区間カバー率 ' + Math.round(t.coverageMin * 100) + '〜' + Math.round(t.coverageMax * 100) + ' % の範囲外。' +
    'ナイーブ予測＝先週の同じ曜日の実績。';

  const model = data.model;
  const modelBody = document.getElementById('model-body');
  modelBody.replaceChildren();
  if (model.ready) {
    modelBody.append(el('div', 'バージョン v' + model.version + '（' + model.backend + '）', 'version'));
    if (model.trainedWindow) modelBody.append(el('div', '学習期間 ' + model.trainedWindow.from + ' 〜 ' + model.trainedWindow.to));
    if (model.loadedAt) modelBody.append(el('div', '読み込み ' + model.loadedAt, 'muted'));
    const links = el('div');
    if (model.evaluationUrl) {
      const a = el('a', '評価結果 (evaluation.json)');
      a.href = model.evaluationUrl;
      links.append(a);
    }
    for (const chart of model.charts) {
      const a = el('a', 'グラフ: ' + chart.name);
      a.href = chart.url;
      links.append(' ・ ', a);
    }
    if (!model.evaluationUrl && model.charts.length === 0) links.append(el('span', '評価とグラフはレジストリにありません。', 'muted'));
    modelBody.append(links);
  } else {
    modelBody.append(el('div', '配備中のモデルがありません：' + (model.reason || ''), 'muted'));
  }

  const alertsBody = document.getElementById('alerts-body');
  alertsBody.replaceChildren();
  const alertBox = (alert, label) => {
    const box = el('div', undefined, 'alert');
    box.append(el('strong', label + ' ' + alert.check + '（' + alert.since + ' から）'));
    box.append(el('pre', alert.body));
    return box;
  };
  if (data.alerts.open.length === 0) alertsBody.append(el('div', '未解決のアラートはありません。', 'ok'));
  for (const alert of data.alerts.open) alertsBody.append(alertBox(alert, '未解決'));
  for (const alert of data.alerts.recentPipelineFailures) alertsBody.append(alertBox(alert, 'パイプライン失敗'));
  state.ready = true;
})().catch((error) => {
  window.powercastConsole.error = String(error);
  console.error('console: ' + error);
});`;
}
