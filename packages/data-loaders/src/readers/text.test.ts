import { describe, expect, it } from 'vitest';
import { encodeCp932 } from '../__fixtures__/cp932.js';
import { decodeText, splitCsvLine, splitLines, trimTrailingEmpty } from './text.js';

describe('decodeText', () => {
  it('decodes CP932 bytes', () => {
    const decoded = decodeText(encodeCp932('天気概況(昼：06時～18時),晴'));
    expect(decoded).toEqual({ text: '天気概況(昼：06時～18時),晴', encoding: 'shift_jis' });
  });

  it('recognises UTF-8 (with or without BOM) and decodes it without mojibake', () => {
    const utf8 = new TextEncoder().encode('曇一時雨,快晴');
    expect(decodeText(utf8)).toEqual({ text: '曇一時雨,快晴', encoding: 'utf-8' });
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
    expect(decodeText(withBom).text).toBe('曇一時雨,快晴');
  });

  it('normalises the wave dash 〜 (U+301C) to the full-width tilde ～', () => {
    expect(decodeText(new TextEncoder().encode('13:00〜14:00')).text).toBe('13:00～14:00');
  });
});

describe('CSV helpers', () => {
  it('splits CRLF and LF lines and drops the final empty line', () => {
    expect(splitLines('a\r\nb\nc\r\n')).toEqual(['a', 'b', 'c']);
  });

  it('splits quoted cells', () => {
    expect(splitCsvLine('a,"b,c","d""e"')).toEqual(['a', 'b,c', 'd"e']);
  });

  it('trims trailing empty cells', () => {
    expect(trimTrailingEmpty(['2025/7/22 5:40 UPDATE', '', ''])).toEqual(['2025/7/22 5:40 UPDATE']);
  });
});
