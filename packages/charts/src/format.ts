// Our own Japanese formatting: Vega's default time and number formats are English and locale-bound.

/** Milliseconds since the epoch of a `YYYY-MM-DD` date at 00:00 UTC (never local time: the machine zone must not matter). */
export function epochMsOfDate(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

/** `'2023-01'` → `'2023年1月'`, or `'1月'` when the year is left out. */
export function formatMonthJa(yearMonth: string, withYear: boolean): string {
  const month = `${Number(yearMonth.slice(5, 7))}月`;
  return withYear ? `${yearMonth.slice(0, 4)}年${month}` : month;
}

/** `'2023-05-15'` → `'2023年5月15日'`. */
export function formatDateJa(date: string): string {
  return `${date.slice(0, 4)}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

/**
 * Fixed decimals with thousands separators, independent of the process locale: 12345.6 → `'12,345.6'`.
 * Negative values use the typographic minus (U+2212), like Vega's axis labels.
 */
export function formatNumber(value: number, decimals: number): string {
  const [whole = '0', fraction] = Math.abs(value).toFixed(decimals).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = value < 0 && Number(value.toFixed(decimals)) !== 0 ? '\u2212' : '';
  return fraction === undefined ? `${sign}${grouped}` : `${sign}${grouped}.${fraction}`;
}

/** Like {@link formatNumber} with an explicit `+` on positive values (biases, residuals). */
export function formatSigned(value: number, decimals: number): string {
  const text = formatNumber(value, decimals);
  return Number(value.toFixed(decimals)) > 0 ? `+${text}` : text;
}

export interface AxisTick {
  value: number | string;
  label: string;
}

/**
 * Month-start ticks (epoch ms, UTC) covering [firstDate, lastDate], thinned to at most about
 * `maxTicks`; the first tick and every January carry the year ("2023年1月"), the rest just the month.
 */
export function monthTicks(firstDate: string, lastDate: string, maxTicks = 13): AxisTick[] {
  const firstMs = epochMsOfDate(firstDate);
  const lastMs = epochMsOfDate(lastDate);
  let year = Number(firstDate.slice(0, 4));
  let month = Number(firstDate.slice(5, 7)) - 1;
  const starts: { ms: number; year: number; month: number }[] = [];
  for (;;) {
    const ms = Date.UTC(year, month, 1);
    if (ms > lastMs) break;
    if (ms >= firstMs) starts.push({ ms, year, month });
    month += 1;
    if (month === 12) [year, month] = [year + 1, 0];
  }
  const step = [1, 2, 3, 6, 12].find((s) => Math.ceil(starts.length / s) <= maxTicks) ?? 12;
  const kept = starts.filter((s) => (step === 1 ? true : s.month % step === 0));
  return kept.map((s, index) => ({
    value: s.ms,
    label: formatMonthJa(`${s.year}-${String(s.month + 1).padStart(2, '0')}`, index === 0 || s.month === 0),
  }));
}

/** A Vega expression mapping each tick value to its label, so axes show our labels instead of Vega's formats. */
export function tickLabelExpr(ticks: readonly AxisTick[], valueExpr = 'datum.value'): string {
  return ticks.reduceRight(
    (otherwise, tick) =>
      `${valueExpr} === ${JSON.stringify(tick.value)} ? ${JSON.stringify(tick.label)} : ${otherwise}`,
    "''",
  );
}
