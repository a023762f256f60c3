/**
 * The one command that reproduces a run exactly (DESIGN.md §7) — planted bugs and scenario overrides included:
 *   - a registered scenario run as registered: `npx faultline run --scenario NAME --seed N`;
 *   - anything else whose schedule.json was written: `npx faultline run --schedule PATH` (it records the whole
 *     spec and the resolved faults, and replays byte for byte);
 *   - anything else (a sweep's valid seed writes no files): `--scenario-file '<overrides as JSON>' --seed N`,
 *     the overrides being exactly what differs from the registered scenario.
 */
import { findScenario } from './scenarios/registry.ts';

export interface ReproducibleRun {
  scenario: string;
  seed: number;
  spec: unknown;
}

export function reproCommand(run: ReproducibleRun, schedulePath?: string): string {
  const base = findScenario(run.scenario);
  const overrides = base === undefined ? undefined : scenarioOverrides(base.spec, run.spec);
  if (overrides === null) return `npx faultline run --scenario ${shellQuote(run.scenario)} --seed ${run.seed}`;
  if (schedulePath !== undefined) return `npx faultline run --schedule ${shellQuote(schedulePath)}`;
  if (overrides === undefined) return `(no command reproduces seed ${run.seed} of ${run.scenario}: its scenario data differs from the registered one in a way a scenario file cannot say, and its files were not written)`;
  return `npx faultline run --scenario-file ${shellQuote(JSON.stringify({ base: run.scenario, ...overrides }))} --seed ${run.seed}`;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What a scenario file must say to turn `base` into `spec`, with runner/scenario-file.ts's merge (objects merged
 * field by field, anything else replaced whole): null when nothing differs, undefined when no scenario file can
 * say it (a field of the base missing from the spec, or one the base does not have).
 */
export function scenarioOverrides(base: unknown, spec: unknown): Record<string, Json> | null | undefined {
  if (canonicalJson(base) === canonicalJson(spec)) return null;
  if (!isRecord(base) || !isRecord(spec)) return undefined;
  const out: Record<string, Json> = {};
  for (const key of new Set([...Object.keys(base), ...Object.keys(spec)])) {
    if (!(key in base) || !(key in spec)) return undefined;
    const field = fieldOverride(base[key], spec[key]);
    if (field === undefined) return undefined;
    if (field !== null) out[key] = field.value;
  }
  return out;
}

function fieldOverride(base: unknown, spec: unknown): { value: Json } | null | undefined {
  if (canonicalJson(base) === canonicalJson(spec)) return null;
  if (isRecord(base) && isRecord(spec)) {
    const nested = scenarioOverrides(base, spec);
    return nested === undefined || nested === null ? nested : { value: nested };
  }
  return { value: JSON.parse(JSON.stringify(spec)) as Json };
}

/** JSON with object keys sorted, so two specs built in different key orders compare equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (isRecord(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v)) ?? 'undefined';
}

/** One shell word (POSIX sh): left bare when it is plainly safe, else single-quoted. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
