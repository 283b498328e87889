#!/usr/bin/env node
// Prints the plain `N passed, N failed, N skipped` line that CI reads, from the JSON reports
// Vitest writes for each project (see vitest.shared.ts). Exits 1 when a report is unreadable.
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const projectDirs = ['packages', 'apps', 'tools']
  .flatMap((group) =>
    existsSync(join(root, group)) ? readdirSync(join(root, group)).map((name) => join(root, group, name)) : [],
  )
  .concat([join(root, 'infra')])
  .filter((dir) => existsSync(dir) && statSync(dir).isDirectory());

let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;
/** Failed tests, named, so the last lines of a truncated CI log still say what broke. */
const failures = [];
for (const dir of projectDirs) {
  const reportPath = join(dir, 'test-results', 'vitest.json');
  if (!existsSync(reportPath)) continue;
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  reports += 1;
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A suite that failed to load reports no failed test, but it did fail.
  for (const suite of report.testResults ?? []) {
    const file = suite.name?.startsWith(root) ? suite.name.slice(root.length) : suite.name;
    if (suite.status === 'failed' && (suite.assertionResults?.length ?? 0) === 0) {
      failed += 1;
      failures.push(`${file}: did not load: ${firstLine(suite.message)}`);
    }
    for (const test of suite.assertionResults ?? []) {
      if (test.status === 'failed')
        failures.push(`${file} > ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
    }
  }
}
for (const failure of failures) console.log(`FAILED ${failure}`);
function firstLine(message) {
  return String(message ?? '')
    .split('\n')[0]
    .slice(0, 300);
}

if (reports === 0) console.log('no test reports found');
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
