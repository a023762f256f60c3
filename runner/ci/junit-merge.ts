/**
 * Merging JUnit files, as a CI matrix leaves one per shard: suites of the same name (a scenario swept by several
 * shards) become one suite whose counts are recounted from its test cases, sorted by seed. Reads any JUnit a
 * runner wrote, not only ours, through fast-xml-parser (the XML is someone else's; a parser, not regexes).
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { UsageError } from '../errors.ts';

type Node = Record<string, unknown>;

const OPTIONS = {
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  isArray: (name: string) => name === 'testsuite' || name === 'testcase',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
};

export interface JUnitFile {
  path: string;
  text: string;
}

export interface JUnitTotals {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function suitesOf(file: JUnitFile): Node[] {
  const valid = XMLValidator.validate(file.text);
  if (valid !== true) throw new UsageError(`${file.path}: not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  const doc = new XMLParser(OPTIONS).parse(file.text) as Node;
  const root = (doc.testsuites as Node | undefined)?.testsuite ?? doc.testsuite;
  if (!Array.isArray(root)) throw new UsageError(`${file.path}: not JUnit XML (no <testsuites> or <testsuite>)`);
  return root as Node[];
}

function seedOf(testCase: Node): number {
  const match = /(\d+)\s*$/.exec(String(testCase['@_name'] ?? ''));
  return match === null ? Number.MAX_SAFE_INTEGER : Number(match[1]);
}

function count(cases: readonly Node[], tag: string): number {
  return cases.filter((c) => c[tag] !== undefined).length;
}

function totalsOf(cases: readonly Node[]): JUnitTotals {
  return { tests: cases.length, failures: count(cases, 'failure'), errors: count(cases, 'error'), skipped: count(cases, 'skipped') };
}

function seconds(cases: readonly Node[]): string {
  return cases.reduce((sum, c) => sum + (Number(c['@_time']) || 0), 0).toFixed(3);
}

function suiteNode(name: string, cases: Node[]): Node {
  cases.sort((a, b) => String(a['@_classname'] ?? '').localeCompare(String(b['@_classname'] ?? '')) || seedOf(a) - seedOf(b));
  const t = totalsOf(cases);
  return { '@_name': name, '@_tests': t.tests, '@_failures': t.failures, '@_errors': t.errors, '@_skipped': t.skipped, '@_time': seconds(cases), testcase: cases };
}

/** One JUnit document from several; throws a UsageError naming the file that is not JUnit. */
export function mergeJUnit(files: readonly JUnitFile[]): { xml: string; totals: JUnitTotals } {
  const byName = new Map<string, Node[]>();
  for (const file of files) {
    for (const suite of suitesOf(file)) {
      const name = String(suite['@_name'] ?? 'unnamed');
      const cases = (suite.testcase as Node[] | undefined) ?? [];
      byName.set(name, [...(byName.get(name) ?? []), ...cases]);
    }
  }
  const names = [...byName.keys()].sort();
  const suites = names.map((name) => suiteNode(name, byName.get(name) as Node[]));
  const all = suites.flatMap((s) => s.testcase as Node[]);
  const totals = totalsOf(all);
  const root = { '@_name': 'faultline sweep', '@_tests': totals.tests, '@_failures': totals.failures, '@_errors': totals.errors, '@_skipped': totals.skipped, '@_time': seconds(all), testsuite: suites };
  const body = new XMLBuilder({ ...OPTIONS, format: true, suppressEmptyNode: true }).build({ testsuites: root }) as string;
  return { xml: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`, totals };
}
