import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function versionOf(packageName: string): string {
  try {
    return (require(`${packageName}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Versions recorded in every model document (which code produced the trees and features). */
export function libraryVersions(): Record<string, string> {
  return {
    '@powercast/model': versionOf('@powercast/model'),
    '@powercast/features': versionOf('@powercast/features'),
    'ml-cart': versionOf('ml-cart'),
    node: process.version,
  };
}
