/**
 * A sweep as JUnit XML, the format CI systems (GitHub Actions reporters, Jenkins, GitLab) read: a test suite
 * per scenario, a test case per seed. A violation or a non-deterministic seed is a <failure> carrying the
 * verdict, the repro command and the report's path; an undecided seed (a checker gave up) is an <error>; a seed
 * left unrun because the sweep stopped early is <skipped>. Pure: the sweep command writes the file atomically.
 */
import { describeDivergence } from './determinism.ts';
import type { SeedVerdict } from './sweep.ts';

export interface JUnitSuite {
  scenario: string;
  verdicts: readonly SeedVerdict[];
  /** Seeds of the suite that were never run (`--stop-after`). */
  notRun: readonly number[];
  /** Why they were not run. */
  notRunReason?: string;
}

/** XML 1.0 cannot carry most control characters at all, even escaped: they become U+FFFD. */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${xml(String(v))}"`)
    .join('');
}

function details(v: SeedVerdict): string {
  return [`repro: ${v.repro}`, `report: ${v.report ?? '(none)'}`].join('\n');
}

function testCase(scenario: string, v: SeedVerdict): string {
  const head = `<testcase${attributes({ classname: `faultline.${scenario}`, name: `seed ${v.seed}`, time: seconds(v.wallMs) })}`;
  const outcomes: string[] = [];
  if (v.valid === false) outcomes.push(`<failure${attributes({ type: 'violation', message: `VIOLATION (${v.failing.join(', ')})` })}>${xml(details(v))}</failure>`);
  if (v.valid === 'unknown') outcomes.push(`<error${attributes({ type: 'unknown', message: `UNKNOWN (${v.failing.join(', ')}): no checker could decide` })}>${xml(details(v))}</error>`);
  if (v.determinism?.identical === false) {
    outcomes.push(`<failure${attributes({ type: 'nondeterminism', message: `NOT DETERMINISTIC: ${describeDivergence(v.determinism)}` })}>${xml(`repro: ${v.repro}`)}</failure>`);
  }
  return outcomes.length === 0 ? `${head}/>` : `${head}>${outcomes.join('')}</testcase>`;
}

function suiteXml(suite: JUnitSuite): string {
  const failures = suite.verdicts.filter((v) => v.valid === false || v.determinism?.identical === false).length;
  const errors = suite.verdicts.filter((v) => v.valid === 'unknown').length;
  const time = suite.verdicts.reduce((sum, v) => sum + v.wallMs, 0);
  const counts = { name: `faultline ${suite.scenario}`, tests: suite.verdicts.length + suite.notRun.length, failures, errors, skipped: suite.notRun.length, time: seconds(time) };
  const cases = [...suite.verdicts].sort((a, b) => a.seed - b.seed).map((v) => testCase(suite.scenario, v));
  const reason = suite.notRunReason ?? 'not run';
  for (const seed of suite.notRun) cases.push(`<testcase${attributes({ classname: `faultline.${suite.scenario}`, name: `seed ${seed}`, time: '0.000' })}><skipped${attributes({ message: reason })}/></testcase>`);
  return `  <testsuite${attributes(counts)}>\n${cases.map((c) => `    ${c}\n`).join('')}  </testsuite>\n`;
}

export function junitXml(suites: readonly JUnitSuite[]): string {
  const all = suites.flatMap((s) => s.verdicts);
  const totals = {
    name: 'faultline sweep',
    tests: all.length + suites.reduce((n, s) => n + s.notRun.length, 0),
    failures: all.filter((v) => v.valid === false || v.determinism?.identical === false).length,
    errors: all.filter((v) => v.valid === 'unknown').length,
    skipped: suites.reduce((n, s) => n + s.notRun.length, 0),
    time: seconds(all.reduce((sum, v) => sum + v.wallMs, 0)),
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attributes(totals)}>\n${suites.map(suiteXml).join('')}</testsuites>\n`;
}
