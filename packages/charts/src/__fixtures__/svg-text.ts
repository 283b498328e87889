function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Every line of text of an SVG (a `<text>`, or each `<tspan>` line in it), entities decoded: what a reader sees. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)].flatMap((match) => {
    const inner = match[1] ?? '';
    const lines = inner.includes('<tspan')
      ? [...inner.matchAll(/<tspan\b[^>]*>([\s\S]*?)<\/tspan>/g)].map((m) => m[1] ?? '')
      : [inner];
    return lines.map((line) => decodeEntities(line.replace(/<[^>]+>/g, '')));
  });
}

/** English month names and abbreviations Vega would print with its default time formats. */
export const ENGLISH_MONTH = /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b/;
