/**
 * How a run fails, so that a shrunk schedule is kept only if it fails the same way: which checkers found a
 * violation, and for each what it was about — the keys a linearizability check found not linearizable, the
 * assignment violations by kind and region, the exception of a failed invariant.
 *
 * A candidate fails the same way as the original when exactly the same checkers fail, and each of them fails
 * on at least one of the original's subjects (a key, a region): shrinking may lose some of a run's violations,
 * never trade them for a different failure.
 */
import type { CheckerResult, Verdict } from '../verdict.ts';

/** Failing checker → the subjects of its violations (empty when it names none). */
export type FailureSignature = Readonly<Record<string, readonly string[]>>;

export function failureSignature(verdict: Verdict): FailureSignature {
  const out: Record<string, string[]> = {};
  for (const name of Object.keys(verdict.checkers).sort()) {
    const result = verdict.checkers[name] as CheckerResult;
    if (result.valid === false) out[name] = subjectsOf(name, result);
  }
  return out;
}

/** What a checker's violations are about, sorted and without repeats. */
export function subjectsOf(checker: string, result: CheckerResult): string[] {
  const subjects = checker === 'linearizability' ? keySubjects(result) : checker === 'assignment' ? violationSubjects(result) : checker === 'invariants' ? exceptionSubject(result) : [];
  return [...new Set(subjects)].sort();
}

/** `key <k>` for every key found not linearizable. */
function keySubjects(result: CheckerResult): string[] {
  const keys = Array.isArray(result.keys) ? (result.keys as unknown[]) : [];
  return keys.filter((k): k is { key: string; valid: unknown } => isRecord(k) && typeof k.key === 'string' && k.valid === false).map((k) => `key ${k.key}`);
}

/** `<kind> <region>` per violation (`<kind>` alone for one about no region: a split-brain master, an admin op). */
function violationSubjects(result: CheckerResult): string[] {
  const violations = Array.isArray(result.violations) ? (result.violations as unknown[]) : [];
  return violations.filter(isRecord).map((v) => (typeof v.region === 'string' ? `${String(v.kind)} ${v.region}` : String(v.kind)));
}

/** The exception's name: `UnexpectedStateException: region … in state …` → `UnexpectedStateException`. */
function exceptionSubject(result: CheckerResult): string[] {
  return typeof result.message === 'string' ? [result.message.split(':')[0] as string] : [];
}

export function sameFailure(original: FailureSignature, candidate: FailureSignature): boolean {
  const checkers = Object.keys(original);
  if (checkers.length === 0) return false;
  if (Object.keys(candidate).sort().join('\n') !== [...checkers].sort().join('\n')) return false;
  return checkers.every((name) => {
    const wanted = original[name] as readonly string[];
    const found = new Set(candidate[name]);
    return wanted.length === 0 || wanted.some((s) => found.has(s));
  });
}

/** One line: `assignment (double-assignment 3a73da60, final-state 3a73da60)`. */
export function describeSignature(signature: FailureSignature): string {
  const parts = Object.entries(signature).map(([name, subjects]) => (subjects.length === 0 ? name : `${name} (${subjects.join(', ')})`));
  return parts.length === 0 ? 'no failure' : parts.join('; ');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
