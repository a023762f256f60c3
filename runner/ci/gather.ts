/**
 * `faultline gather DIR`: after a sharded sweep (a CI matrix's artifacts downloaded into one folder, or
 * scripts/ci-sweep.mjs run locally), one JUnit file for the whole sweep and one index page listing every failing
 * run folder found below DIR, each with its verdict, its report and the command that replays it from DIR.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { el, markup, raw, table, type Column } from '../../reports/html.ts';
import { CSS } from '../../reports/style.ts';
import { UsageError } from '../errors.ts';
import type { JUnitFile, JUnitTotals } from './junit-merge.ts';

export const MERGED_JUNIT = 'junit.xml';
export const INDEX = 'index.html';

export interface FailingRun {
  /** The run folder, relative to the gathered folder, with forward slashes (a link). */
  folder: string;
  scenario: string;
  seed: number | string;
  verdict: 'VIOLATION' | 'UNKNOWN';
  checkers: string[];
  hasReport: boolean;
}

export interface Gathered {
  junit: JUnitFile[];
  runs: FailingRun[];
}

/** Every file and folder below `dir`, in name order, so the page lists runs the same way on every machine. */
function walk(dir: string, visit: (path: string, isDir: boolean) => void): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const isDir = statSync(path).isDirectory();
    visit(path, isDir);
    if (isDir) walk(path, visit);
  }
}

function linkPath(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

function failingRun(root: string, folder: string): FailingRun | undefined {
  let result: Record<string, unknown>;
  try {
    result = JSON.parse(readFileSync(join(folder, 'result.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (result.valid === true) return undefined;
  const checkers = Object.entries((result.checkers ?? {}) as Record<string, { valid?: unknown }>)
    .filter(([, c]) => c.valid !== true)
    .map(([name]) => name);
  const seed = typeof result.seed === 'number' || typeof result.seed === 'string' ? result.seed : '?';
  return { folder: linkPath(root, folder), scenario: String(result.scenario ?? '?'), seed, verdict: result.valid === false ? 'VIOLATION' : 'UNKNOWN', checkers, hasReport: existsSync(join(folder, 'report.html')) };
}

export function gather(dir: string): Gathered {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir}: not a folder`);
  const junit: JUnitFile[] = [];
  const runs: FailingRun[] = [];
  walk(dir, (path, isDir) => {
    if (isDir) {
      const run = existsSync(join(path, 'result.json')) ? failingRun(dir, path) : undefined;
      if (run !== undefined) runs.push(run);
      return;
    }
    if (!path.endsWith('.xml') || linkPath(dir, path) === MERGED_JUNIT) return;
    const text = readFileSync(path, 'utf8');
    if (/<testsuite[\s>]/.test(text)) junit.push({ path, text });
  });
  runs.sort((a, b) => a.scenario.localeCompare(b.scenario) || Number(a.seed) - Number(b.seed) || a.folder.localeCompare(b.folder));
  return { junit, runs };
}

const RUN_COLUMNS: Column[] = [{ title: 'scenario' }, { title: 'seed', cls: 'num' }, { title: 'verdict' }, { title: 'failing checkers' }, { title: 'report' }, { title: 'replay (from this folder)', cls: 'mono' }];

export function indexPage(runs: readonly FailingRun[], totals: JUnitTotals | undefined): string {
  const rows = runs.map((r) => [
    r.scenario,
    r.seed,
    el('span', { class: 'bad' }, r.verdict),
    r.checkers.join(', '),
    r.hasReport ? el('a', { href: `${r.folder}/report.html` }, r.folder) : `${r.folder} (no report)`,
    `npx faultline run --schedule ${r.folder}/schedule.json`,
  ]);
  const summary =
    totals === undefined
      ? 'No JUnit files found.'
      : `${totals.tests} seeds: ${totals.tests - totals.failures - totals.errors - totals.skipped} passed, ${totals.failures} failed, ${totals.errors} undecided, ${totals.skipped} not run (${MERGED_JUNIT}).`;
  const body = el(
    'body',
    null,
    el('h1', null, 'faultline sweep'),
    el('p', null, summary),
    el('h2', null, `Failing runs (${runs.length})`),
    runs.length === 0 ? el('p', { class: 'muted' }, 'None.') : table(RUN_COLUMNS, rows),
  );
  const head = el('head', null, el('meta', { charset: 'utf-8' }), el('title', null, `faultline sweep: ${runs.length} failing runs`), raw(`<style>${CSS}</style>`));
  return `<!DOCTYPE html>\n${markup(el('html', { lang: 'en' }, head, body))}\n`;
}
