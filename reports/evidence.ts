/**
 * Which operations a checker's evidence points at. Checkers choose their evidence's shape; the convention the
 * report relies on is only this: an array under a key named like `ops`, `operations` or `indices` (any case,
 * any prefix or suffix: `nonLinearizableOps`, `opIndices`) holds history indices — numbers, or objects with a
 * numeric `index`. Either the invocation's or the completion's index names the operation.
 */

const KEY = /ops|operations|indices|indexes/i;
const MAX_DEPTH = 8;
const MAX_MARKED = 10_000;

export function evidenceIndices(evidence: unknown): Set<number> {
  const found = new Set<number>();
  walk(evidence, false, 0, found);
  return found;
}

function walk(value: unknown, underKey: boolean, depth: number, found: Set<number>): void {
  if (depth > MAX_DEPTH || found.size >= MAX_MARKED) return;
  if (Array.isArray(value)) {
    for (const item of value) {
      if (underKey && typeof item === 'number' && Number.isInteger(item)) found.add(item);
      else if (underKey && typeof item === 'object' && item !== null && !Array.isArray(item) && typeof (item as { index?: unknown }).index === 'number') found.add((item as { index: number }).index);
      if (typeof item === 'object' && item !== null) walk(item, underKey && Array.isArray(item), depth + 1, found);
    }
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) walk(v, KEY.test(k), depth + 1, found);
  }
}
