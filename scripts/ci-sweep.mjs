#!/usr/bin/env zx
/**
 * A sharded sweep run the way a CI matrix runs it, on one machine: N `faultline sweep --shard K/N` processes side
 * by side, each writing its JUnit file and its failing runs under OUT/shard-K, then `faultline gather OUT` merges
 * the JUnit files (OUT/junit.xml) and indexes the failing runs (OUT/index.html). The GitHub workflow
 * (.github/workflows/sweep.yml) runs the same commands, one shard per machine.
 *
 *   npx zx scripts/ci-sweep.mjs --shards 4 --seeds 2000 --from 93000000 [--scenario failover | --scenario-file F]
 *                               [--out ci-sweep] [--workers-per-shard 1] [--stop-after N]
 *
 * Exit: 2 if a shard was given bad input, else 1 if any seed failed, else 3 if any was undecided, else 0.
 */
import { $, argv, echo, path } from 'zx';

const repo = path.resolve(import.meta.dirname, '..');
const cli = path.join(repo, 'bin', 'faultline.js');

function usage(message) {
  echo(`ci-sweep: ${message}`);
  process.exit(2);
}

function whole(name, fallback) {
  const value = argv[name] ?? fallback;
  if (!Number.isSafeInteger(Number(value)) || Number(value) < 1) usage(`--${name} must be a whole number from 1, got '${value}'`);
  return Number(value);
}

const shards = whole('shards', 2);
const seeds = whole('seeds', 100);
const from = argv.from ?? 1;
const workers = whole('workers-per-shard', 1);
const out = path.resolve(argv.out ?? 'ci-sweep');
const scenario = argv['scenario-file'] !== undefined ? ['--scenario-file', argv['scenario-file']] : ['--scenario', argv.scenario ?? 'failover'];
const stopAfter = argv['stop-after'] !== undefined ? ['--stop-after', String(argv['stop-after'])] : [];

// As a matrix would: every shard at once, each on its own (its output captured and printed when it ends).
const runs = Array.from({ length: shards }, (_, i) => {
  const shard = `${i + 1}/${shards}`;
  const dir = path.join(out, `shard-${i + 1}`);
  const args = ['sweep', ...scenario, '--seeds', String(seeds), '--from', String(from), '--shard', shard, '--workers', String(workers), '--junit', path.join(dir, 'junit.xml'), '--out', path.join(dir, 'runs'), ...stopAfter];
  return $({ nothrow: true, quiet: true })`node ${cli} ${args}`.then((p) => ({ shard, code: p.exitCode, output: p.stdout + p.stderr }));
});
const results = await Promise.all(runs);
for (const r of results) echo(`── shard ${r.shard} (exit ${r.code})\n${r.output.trimEnd()}`);

const gathered = await $({ nothrow: true, quiet: true })`node ${cli} gather ${out}`;
echo(`── gather\n${(gathered.stdout + gathered.stderr).trimEnd()}`);
const codes = results.map((r) => r.code);
const exit = codes.includes(2) || gathered.exitCode === 2 ? 2 : codes.includes(1) || gathered.exitCode === 1 ? 1 : codes.includes(3) ? 3 : 0;
echo(`ci-sweep: ${shards} shards of ${seeds} seeds from ${from}: exit ${exit}`);
process.exit(exit);
