/**
 * Scenario data from a JSON file: `{"base": "<scenario>", ...overrides}`. Overrides are merged field by field
 * onto the base scenario's spec (arrays replace whole; a field the base leaves null, such as an explicit fault
 * schedule, takes any value); a key the base does not have is an error, so a typo never silently does nothing.
 * Errors name the file and the field, on one line.
 *
 * The argument may be the JSON itself instead of a path (it starts with `{`): that is how a repro command names
 * a run's overrides when it wrote no files (runner/repro.ts).
 */
import { readFileSync } from 'node:fs';
import { UsageError } from './errors.ts';
import type { HBaseScenarioSpec } from './scenarios/hbase.ts';
import { findScenario, scenarioNames, type ScenarioEntry } from './scenarios/registry.ts';
import { parseExplicitSchedule } from './schedule-file.ts';

export function loadScenarioFile(pathOrJson: string): ScenarioEntry<unknown> {
  const inline = pathOrJson.trimStart().startsWith('{');
  const path = inline ? '--scenario-file' : pathOrJson;
  let text: string;
  try {
    text = inline ? pathOrJson : readFileSync(path, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    throw new UsageError(`${path}: cannot read the scenario file (${code === 'ENOENT' ? 'not found' : code || String(error)})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new UsageError(`${path}: a scenario file is a JSON object with a "base" scenario name`);
  const { base, ...overrides } = data as Record<string, unknown>;
  if (typeof base !== 'string') throw new UsageError(`${path}: "base" must name a scenario (${scenarioNames().join(', ')})`);
  const entry = findScenario(base);
  if (entry === undefined) throw new UsageError(`${path}: unknown base scenario '${base}'; known scenarios: ${scenarioNames().join(', ')}`);
  const spec = merge(entry.spec, overrides, '', path);
  try {
    entry.validate(spec);
  } catch (error) {
    throw new UsageError(`${path}: invalid scenario data: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { ...entry, spec: withParsedSchedule(spec, path) };
}

/** An explicit fault schedule is checked entry by entry, as a schedule file's is. */
function withParsedSchedule(spec: unknown, path: string): unknown {
  const faults = (spec as Partial<HBaseScenarioSpec>).faults;
  if (faults === undefined || faults.schedule === null || faults.schedule === undefined) return spec;
  const hbaseSpec = spec as HBaseScenarioSpec;
  return { ...hbaseSpec, faults: { ...faults, schedule: parseExplicitSchedule(faults.schedule, hbaseSpec, `${path}: faults.schedule`) } };
}

function merge(base: unknown, override: unknown, at: string, file: string): unknown {
  if (override === undefined) return base;
  if (base === null) return override;
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(base) || !isObject(override)) {
    if (isObject(base) !== isObject(override) || Array.isArray(base) !== Array.isArray(override) || (typeof base !== typeof override && !isObject(base))) {
      throw new UsageError(`${file}: ${at || 'scenario'} must be ${Array.isArray(base) ? 'an array' : isObject(base) ? 'an object' : `a ${typeof base}`}`);
    }
    return override;
  }
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const field = at ? `${at}.${key}` : key;
    if (!(key in base)) throw new UsageError(`${file}: unknown field ${field} (known: ${Object.keys(base).join(', ')})`);
    out[key] = merge(base[key], value, field, file);
  }
  return out;
}

/** `--scenario-file`, as `sweep` and `compare` declare it (option flags and help). */
export const SCENARIO_FILE_OPTION = ['--scenario-file <file>', 'scenario data as JSON (a file, or the JSON itself): {"base": "<scenario>", ...fields to override}'] as const;
