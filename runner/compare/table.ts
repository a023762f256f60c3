/**
 * `faultline compare`'s table: a row per measure, a column per assignment era, and zk − procedure where a
 * difference means something; then the footnotes that say what the numbers are, the failing seeds with their
 * repro commands, and one closing line. Pure: lines of text from two era tallies.
 */
import type { EraTally } from './era-tally.ts';

const ERA_TITLE: Record<EraTally['era'], string> = { procedure: 'procedure (2.x AMv2)', zk: 'zk (1.1 ZooKeeper)' };

type Unit = 'count' | 'ms';

interface TableRow {
  label: string;
  values: (number | null)[];
  unit: Unit;
  /** Print the difference (last era − first era). */
  diff: boolean;
  /** Shown after each value, e.g. a share of all operations. */
  note?: (value: number, era: EraTally) => string;
  /** Also in the table of the seeds whose faults struck alike. */
  key?: boolean;
}

export interface CompareHeader {
  scenario: string;
  from: number;
  count: number;
}

/**
 * `matched`: the same tallies over only the seeds whose faults struck alike in both eras (faults injected: the same
 * kinds and counts, at the same failpoints), the comparison the schedules' era dependence does not blur.
 */
export function compareLines(header: CompareHeader, eras: readonly EraTally[], matched?: readonly EraTally[]): string[] {
  const last = header.from + header.count - 1;
  const alike = matched?.[0]?.seeds ?? 0;
  return [
    `${header.scenario}, seeds ${header.from}–${last}: the same seeds and drawn fault schedules under both assignment eras¹`,
    '',
    ...table(eras, tableRows(eras)),
    ...(matched === undefined
      ? []
      : ['', `the ${alike} of ${header.count} seeds whose faults struck alike in both eras (same kinds and counts, same failpoints)⁵`, '', ...(alike === 0 ? ['  (none)'] : table(matched, tableRows(matched).filter((r) => r.key === true)))]),
    '',
    ...footnotes(eras),
    ...failingLines(eras),
    closingLine(header, eras, alike),
  ];
}

function table(eras: readonly EraTally[], rows: readonly TableRow[]): string[] {
  const cells = rows.map((r) => [r.label, ...r.values.map((v, i) => cell(v, r, eras[i] as EraTally)), r.diff ? difference(r) : '']);
  const head = ['', ...eras.map((e) => ERA_TITLE[e.era]), eras.length === 2 ? `${eras[1]?.era} − ${eras[0]?.era}` : ''];
  const widths = head.map((h, c) => Math.max(h.length, ...cells.map((row) => (row[c] as string).length)));
  const line = (row: string[]) => row.map((text, c) => (c === 0 ? text.padEnd(widths[c] as number) : text.padStart(widths[c] as number))).join('   ').trimEnd();
  return [line(head), ...cells.map(line)];
}

function tableRows(eras: readonly EraTally[]): TableRow[] {
  const pick = (f: (e: EraTally) => number | null) => eras.map(f);
  const checkers = [...new Set(eras.flatMap((e) => [...Object.keys(e.violationsByChecker), ...Object.keys(e.unknownByChecker)]))].sort();
  const share = (n: number, e: EraTally) => (e.operations === 0 ? '' : ` (${((100 * n) / e.operations).toFixed(2)}%)`);
  return [
    { label: 'seeds run', values: pick((e) => e.seeds), unit: 'count', diff: false },
    { label: 'valid', values: pick((e) => e.valid), unit: 'count', diff: true, key: true },
    { label: 'violations', values: pick((e) => e.violations), unit: 'count', diff: true, key: true },
    ...checkers.map((c): TableRow => ({ label: `  ${c}`, values: pick((e) => e.violationsByChecker[c] ?? 0), unit: 'count', diff: true })),
    { label: 'unknown', values: pick((e) => e.unknown), unit: 'count', diff: true, key: true },
    ...checkers.filter((c) => eras.some((e) => (e.unknownByChecker[c] ?? 0) > 0)).map((c): TableRow => ({ label: `  ${c}`, values: pick((e) => e.unknownByChecker[c] ?? 0), unit: 'count', diff: true })),
    { label: 'no active master, mean per seed²', values: pick((e) => e.noActiveMaster.meanMs), unit: 'ms', diff: true, key: true },
    { label: 'no active master, worst seed', values: pick((e) => e.noActiveMaster.maxMs), unit: 'ms', diff: true },
    { label: 'region outages³', values: pick((e) => e.regionOutages.count), unit: 'count', diff: true, key: true },
    { label: '  outage p50', values: pick((e) => e.regionOutages.p50), unit: 'ms', diff: true, key: true },
    { label: '  outage p99', values: pick((e) => e.regionOutages.p99), unit: 'ms', diff: true, key: true },
    { label: '  outage max', values: pick((e) => e.regionOutages.max), unit: 'ms', diff: true, key: true },
    { label: 'region-unavailable time per seed', values: pick((e) => e.regionUnavailableMeanMs), unit: 'ms', diff: true, key: true },
    { label: 'client operations', values: pick((e) => e.operations), unit: 'count', diff: true },
    { label: '  failed⁴', values: pick((e) => e.failedOps), unit: 'count', diff: true, note: share, key: true },
    { label: '  indeterminate', values: pick((e) => e.indeterminateOps), unit: 'count', diff: true, note: share, key: true },
    { label: 'faults injected', values: pick((e) => e.faults), unit: 'count', diff: true },
    { label: '  struck by a trigger¹', values: pick((e) => sum(e.triggered)), unit: 'count', diff: true },
    { label: 'wall time per seed, mean', values: pick((e) => e.wallMs.meanMs), unit: 'ms', diff: true },
    { label: 'wall time per seed, p99', values: pick((e) => e.wallMs.p99), unit: 'ms', diff: true },
  ];
}

function cell(value: number | null, row: TableRow, era: EraTally): string {
  if (value === null) return '–';
  return `${amount(value, row.unit)}${row.note?.(value, era) ?? ''}`;
}

function difference(row: TableRow): string {
  const [a, b] = row.values;
  if (a === null || b === null || a === undefined || b === undefined || row.values.length !== 2) return '';
  const d = b - a;
  if (d === 0) return '0';
  return `${d > 0 ? '+' : '−'}${amount(Math.abs(d), row.unit)}`;
}

/** Milliseconds of virtual (or, for wall time, real) time, to a precision a reader compares at a glance. */
export function amount(value: number, unit: Unit): string {
  if (unit === 'count') return String(Math.round(value));
  if (value < 1_000) return `${Math.round(value)} ms`;
  return `${(value / 1_000).toFixed(value < 10_000 ? 2 : 1)} s`;
}

function sum(record: Record<string, number>): number {
  return Object.values(record).reduce((a, b) => a + b, 0);
}

function footnotes(eras: readonly EraTally[]): string[] {
  const only = (e: EraTally) => Object.keys(e.triggered).filter((on) => !eras.some((o) => o !== e && (o.triggered[on] ?? 0) > 0));
  const onlyIn = eras.map((e) => ({ era: e.era, failpoints: only(e) })).filter((x) => x.failpoints.length > 0);
  return [
    "¹ Each seed's fault schedule is drawn from the seed alone (streams fault-schedule and fault-swarm), so both eras get the",
    '  same timed faults and triggers; a role (role:active-master, role:meta-rs, …) is resolved when its fault strikes, to',
    "  the process holding it in that era's run. A trigger fires only where its era reaches the failpoint: AMv2's own",
    '  (master.scp.*, master.trsp.*, master.procedure.*, …) never fire under zk, so those faults differ between the eras.',
    ...onlyIn.flatMap((x) => wrap(`Failpoints that struck in ${x.era} only: ${x.failpoints.join(', ')}.`, '  ')),
    '² After the first active master: time with no master active and initialised (the assignment checker\'s figure).',
    '³ A region outage: a maximal interval, from the region\'s first opening to the end of the trace, in which no running',
    '  server served the region (none held it, or each holder was paused), outside times the master itself had it',
    '  CLOSED/OFFLINE (a disabled table, a move) — the gaps the assignment checker derives and the report draws.',
    '⁴ Failed: a `fail` completion other than a cas mismatch (an answer); indeterminate: an `info` (a timeout).',
    '  Wall time: real time per seed on this machine, workers sharing its cores.',
    "⁵ Faults injected, counted from each era's trace: equal counts by kind and by failpoint (targets may still differ).",
  ];
}

function failingLines(eras: readonly EraTally[]): string[] {
  const failing = eras.flatMap((e) => e.failing.map((v) => ({ era: e.era, v })));
  if (failing.length === 0) return [];
  return [
    '',
    `failing seeds (${failing.length}):`,
    ...failing.map(({ era, v }) => `  ${era} seed ${v.seed}: ${v.valid === false ? 'VIOLATION' : 'unknown'} (${v.failing.join(', ')}) — repro: ${v.repro}${v.report === undefined ? '' : ` — report: ${v.report}`}`),
  ];
}

function closingLine(header: CompareHeader, eras: readonly EraTally[], alike: number): string {
  const verdicts = eras.map((e) => `${e.era} ${e.valid}/${e.seeds} valid${e.violations > 0 ? `, ${e.violations} violating` : ''}${e.unknown > 0 ? `, ${e.unknown} unknown` : ''}`);
  const triggered = eras.map((e) => `${e.era} ${sum(e.triggered)} at ${Object.keys(e.triggered).length} failpoints`).join(', ');
  return `\ncompare ${header.scenario} seeds ${header.from}–${header.from + header.count - 1}: ${verdicts.join('; ')} — same seeds and drawn schedules; the faults struck by triggers depend on the era (${triggered}); faults alike in ${alike} seeds`;
}

/** A long footnote as lines of at most `width` characters, each after `indent`. */
function wrap(text: string, indent: string, width = 118): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current !== '' && indent.length + current.length + 1 + word.length > width) {
      lines.push(indent + current);
      current = word;
    } else current = current === '' ? word : `${current} ${word}`;
  }
  if (current !== '') lines.push(indent + current);
  return lines;
}
