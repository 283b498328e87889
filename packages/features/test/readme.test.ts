import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fitFeatureSpec } from '../src/index.js';
import { EXTRA_WEATHER_COLUMNS } from '../src/config.js';
import { WEATHER_CATEGORIES } from '../src/entries/weather.js';
import { dailyTable, syntheticDays } from './tables.js';

const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'README.md'), 'utf8');
/** Feature names documented in the first cell of the README's table rows. */
const documented = new Set(
  readme
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split('|')[1].matchAll(/`([^`]+)`/g)].map((m) => m[1])),
);

describe('README', () => {
  it('documents every feature the extended set can produce', () => {
    const spec = fitFeatureSpec(dailyTable(syntheticDays('2023-01-01', 30)), {
      extraWeatherColumns: [...EXTRA_WEATHER_COLUMNS],
    });
    const undocumented = spec.featureNames.filter(
      (name) => !name.startsWith('weather_category_') && !documented.has(name),
    );
    expect(undocumented).toEqual([]);
    expect(documented.has('weather_category_<c>')).toBe(true);
  });

  it('names all 14 weather categories', () => {
    for (const category of WEATHER_CATEGORIES) expect(readme).toContain(category);
  });
});
