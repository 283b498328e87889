/**
 * The JMA "過去の気象データ・ダウンロード" (obsdl) form. There is no documented API: the page
 * keeps a PHP session (cookie from index.php) and posts its selection to show/table, which
 * answers with the CSV (CP932) or, when the session or selection is rejected, an HTML page.
 */
export const JMA_TOKYO_STATION = 's47662';

/** Daily (aggrgPeriod 1) element codes: 日最高気温, 日最低気温, 天気概況(昼), 日平均気温 — the reference selection. */
export const JMA_DAILY_REFERENCE_ELEMENTS = ['202', '203', '701', '201'] as const;

export interface ObsdlDailyRequest {
  station: string;
  elements: readonly string[];
  /** ISO dates, inclusive. */
  from: string;
  to: string;
  /** Session id from the index page cookie, echoed in the form as the page's script does. */
  sessionId?: string;
}

/** The form fields show/table expects for a CSV download of daily values over one continuous period. */
export function obsdlDailyForm(request: ObsdlDailyRequest): URLSearchParams {
  const [fy, fm, fd] = request.from.split('-').map(Number);
  const [ty, tm, td] = request.to.split('-').map(Number);
  const form = new URLSearchParams({
    stationNumList: JSON.stringify([request.station]),
    aggrgPeriod: '1',
    elementNumList: JSON.stringify(request.elements.map((code) => [code, ''])),
    interAnnualFlag: '1',
    ymdList: JSON.stringify([fy, ty, fm, tm, fd, td].map(String)),
    optionNumList: '[]',
    downloadFlag: 'true',
    rmkFlag: '1',
    disconnectFlag: '1',
    youbiFlag: '0',
    fukenFlag: '0',
    kijiFlag: '0',
    huukouFlag: '0',
    csvFlag: '1',
    jikantaiFlag: '0',
    jikantaiList: '[1,24]',
    ymdLiteral: '1',
  });
  if (request.sessionId) form.set('PHPSESSID', request.sessionId);
  return form;
}

/** 'a=1; Path=/' headers → 'a=1; b=2' for the next request. */
export function cookieHeader(setCookies: readonly string[]): string {
  return setCookies
    .map((cookie) => cookie.split(';', 1)[0]!.trim())
    .filter((pair) => pair.includes('='))
    .join('; ');
}

export function sessionIdFrom(cookie: string): string | undefined {
  return /(?:^|;\s*)PHPSESSID=([^;]+)/.exec(cookie)?.[1];
}
