/**
 * The one order the simulated cluster iterates strings in: by UTF-16 code unit (as `<` compares them), never by
 * locale — so that whatever is walked from a Map or a Set is walked as the seed alone decides.
 */
export function codeUnitOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Map entries (or any [key, value] pairs) by their string key. */
export function byKey(a: readonly [string, unknown], b: readonly [string, unknown]): number {
  return codeUnitOrder(a[0], b[0]);
}
