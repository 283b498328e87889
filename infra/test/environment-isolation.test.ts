import { describe, expect, it } from 'vitest';

import { allResources, synthesized, type SynthesizedJson } from './synthesized-stack.js';

/** Fields that hold a physical name (unique per account/region, or global for buckets). */
const nameFields = ['bucket', 'name', 'function_name', 'model_package_group_name', 'pipeline_name'] as const;
/** Same value in both environments by design: the stage name is local to its API. */
const sharedByDesign = new Set(['$default']);

function physicalNames(json: SynthesizedJson): Map<string, string> {
  const names = new Map<string, string>();
  for (const resource of allResources(json)) {
    for (const field of nameFields) {
      const value = resource.values[field];
      if (typeof value === 'string' && !value.startsWith('${') && !sharedByDesign.has(value))
        names.set(value, `${resource.type}.${field}`);
    }
  }
  return names;
}

function everyString(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(everyString);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(everyString);
  return [];
}

describe('dev and prod', () => {
  const dev = synthesized('dev');
  const prod = synthesized('prod');

  it('use different physical names for everything they create', () => {
    const devNames = physicalNames(dev.json);
    const prodNames = physicalNames(prod.json);
    expect(devNames.size).toBeGreaterThan(20);
    expect([...prodNames.keys()].filter((name) => devNames.has(name))).toEqual([]);
  });

  it.each([
    ['dev', 'prod'],
    ['prod', 'dev'],
  ] as const)('%s never mentions a name, path or state of %s', (environment, other) => {
    const { json } = environment === 'dev' ? dev : prod;
    // Policies, patterns and env vars are JSON inside strings: parse them too.
    const strings = everyString({ resource: json.resource, output: json.output, terraform: json.terraform }).flatMap(
      (text) => {
        if (!text.startsWith('{')) return [text];
        return everyString(JSON.parse(text));
      },
    );
    const mentionsOther = new RegExp(`[-/_]${other}([-/_.]|$)`);
    expect(strings.filter((text) => mentionsOther.test(text))).toEqual([]);
    expect(strings.some((text) => new RegExp(`[-/]${environment}([-/_.]|$)`).test(text))).toBe(true);
  });

  it('keep their state apart', () => {
    expect(dev.json.terraform.backend.s3).not.toEqual(prod.json.terraform.backend.s3);
    expect(dev.json.terraform.backend.s3?.key).not.toBe(prod.json.terraform.backend.s3?.key);
  });
});
