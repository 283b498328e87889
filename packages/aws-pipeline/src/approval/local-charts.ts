import { readdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ChartLink } from './approval-message.js';

/**
 * Charts in a local directory become file:// links (there is nothing to presign locally). An S3
 * or missing charts location gives no links: the message then says no charts were attached.
 */
export function localChartLinks(chartsUri: string | undefined): ChartLink[] {
  if (!chartsUri || !isAbsolute(chartsUri)) return [];
  try {
    return readdirSync(chartsUri)
      .filter((name) => /\.(png|svg)$/i.test(name))
      .sort()
      .map((name) => ({ name, url: pathToFileURL(join(chartsUri, name)).toString() }));
  } catch {
    return [];
  }
}
