/**
 * The subset of EventBridge matching our rules use: every pattern leaf is a list of exact
 * values, objects nest, and a field absent from the event never matches.
 */
export function matchesEventPattern(pattern: Record<string, unknown>, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([field, expected]) => {
    const actual = event[field];
    if (Array.isArray(expected)) return expected.some((value) => value === actual);
    if (typeof expected === 'object' && expected !== null && typeof actual === 'object' && actual !== null) {
      return matchesEventPattern(expected as Record<string, unknown>, actual as Record<string, unknown>);
    }
    return false;
  });
}
