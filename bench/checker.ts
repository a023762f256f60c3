/**
 * The linearizability checker against Porcupine's figures on the same histories (ECOSYSTEM.md: Go, one
 * thread, on this machine: ≈ 0.8 s for the 102 etcd logs, ≈ 0.3 s for the 6 kv logs partitioned by key,
 * ≈ 9.5 s for c01+c10 kv without partitioning). Histories are read once; each figure is the median of several
 * checks, after a warm-up. Like Porcupine's tests, a check stops at the first key found not linearizable.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkLinearizability, findModel, readHistory, type AnyModel, type CheckOptions, type History } from '../checkers/index.ts';
import { bigRegisterHistory, contradictoryReaders } from '../test/checkers/support/big.ts';
import { formatBytes } from '../checkers/linearizability/budget.ts';
import { figure, medianMs } from './measure.ts';

const PORCUPINE = join(import.meta.dirname, '../../shared/histories/porcupine');
const RUNS = 7;

interface Case {
  history: History;
  model: AnyModel;
  expected: boolean;
}

export async function benchChecker(): Promise<void> {
  process.stdout.write(`checker (median of ${RUNS} after a warm-up; reproduce one figure with the command under it)\n`);
  const expected = new Map(
    readFileSync(join(PORCUPINE, 'EXPECTED.tsv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t'))
      .map(([file, model, verdict]) => [file as string, [model as string, verdict as string] as const]),
  );
  const load = (file: string): Case => {
    const row = expected.get(file);
    if (row === undefined) throw new Error(`no expected verdict for ${file}`);
    return { history: readHistory(readFileSync(join(PORCUPINE, file), 'utf8')).history, model: findModel(row[0]) as AnyModel, expected: row[1] === 'linearizable' };
  };
  const etcd = readdirSync(join(PORCUPINE, 'jepsen'))
    .map((name) => `jepsen/${name}`)
    .filter((file) => expected.has(file))
    .sort();
  const kv = ['c01-ok', 'c01-bad', 'c10-ok', 'c10-bad', 'c50-ok', 'c50-bad'].map((name) => `kv/${name}.txt`);
  const cli = (args: string): string => `node bin/faultline.js check ${args}`;
  const at = relative(process.cwd(), PORCUPINE);

  report(`${etcd.length} etcd histories (cas-register)`, 'Porcupine ≈ 800 ms', etcd.map(load), {}, `${cli(`${at}/jepsen/etcd_*.log`)}   (etcd_095.log, empty, is reported unreadable)`);
  report('6 kv histories, key by key', 'Porcupine ≈ 300 ms', kv.map(load), {}, cli(`${at}/kv/c*.txt`));
  report('6 kv histories, every key decided', 'Porcupine stops at the first failing key', kv.map(load), { allKeys: true }, cli(`--all-keys ${at}/kv/c*.txt`));
  report('c01+c10 kv without partitioning', 'Porcupine ≈ 9500 ms', kv.slice(0, 4).map(load), { partition: false }, cli(`--no-partition ${at}/kv/c01-*.txt ${at}/kv/c10-*.txt`));

  const big = bigRegisterHistory(100_000, 1_000, 10);
  report('100,000 operations, 1,000 keys, 10 clients', '', [{ history: { ops: big }, model: findModel('cas-register') as AnyModel, expected: true }], { memoryLimitBytes: 32 * 2 ** 20 }, 'bigRegisterHistory(100_000, 1_000, 10) in test/checkers/support/big.ts');
  const hard = { ops: contradictoryReaders(40) };
  const limited = checkLinearizability(hard, findModel('register') as AnyModel, { timeLimitMs: 1_000 });
  figure('pathological (40 concurrent writers): verdict', `${String(limited.valid)} — ${limited.reason ?? ''}`);
  const usage = process.resourceUsage();
  figure('peak memory (max RSS of this process)', `${(usage.maxRSS / 1024).toFixed(0)} MiB`);
}

function report(label: string, reference: string, cases: readonly Case[], options: CheckOptions, command: string): void {
  for (const c of cases) {
    const valid = checkLinearizability(c.history, c.model, options).valid;
    if (valid !== c.expected) throw new Error(`${label}: a history got ${String(valid)}, expected ${String(c.expected)}`);
  }
  let explored = 0;
  let peak = 0;
  const ms = medianMs(RUNS, () => {
    explored = 0;
    for (const c of cases) {
      const result = checkLinearizability(c.history, c.model, options);
      explored += result.explored;
      peak = Math.max(peak, result.peakSearchBytes);
    }
  });
  figure(label, `${ms.toFixed(1)} ms${reference ? `   (${reference})` : ''}; ${explored} configurations, search memory ≤ ${formatBytes(peak)}`);
  process.stdout.write(`      ${command}\n`);
}
