/**
 * Report rendering: the report is written for every run, so its cost is part of every `faultline run`.
 * Synthetic runs (test/support/synthetic-run.ts) of a typical and a large size; figures, never assertions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { renderReport, writeReport } from '../reports/index.ts';
import { syntheticRun, writeRunDir, type SyntheticOptions } from '../test/support/synthetic-run.ts';
import { figure, medianMs } from './measure.ts';

const SIZES: { name: string; options: SyntheticOptions; runs: number }[] = [
  { name: 'typical: 3k ops, 5k trace events, 50 regions', options: { ops: 3_000, traceEvents: 5_000, clients: 10, regions: 50 }, runs: 15 },
  { name: 'large: 20k ops, 50k trace events, 200 regions', options: { ops: 20_000, traceEvents: 50_000, clients: 30, regions: 200 }, runs: 5 },
];

export async function benchReport(): Promise<void> {
  process.stdout.write('report (renderReport; writeReport = read + parse + render + atomic write):\n');
  for (const { name, options, runs } of SIZES) {
    const input = syntheticRun(options);
    process.stdout.write(`  ${name} (${input.history.length} history records, ${input.trace.length} trace events)\n`);
    // The first call is what a single `faultline run` pays: nothing is warmed up yet.
    const start = performance.now();
    const html = renderReport(input);
    figure('render, first call in the process', `${(performance.now() - start).toFixed(1)} ms`);
    figure(`render, median of ${runs}`, `${medianMs(runs, () => renderReport(input)).toFixed(1)} ms`);
    const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-report-'));
    try {
      writeRunDir(dir, input);
      figure(`writeReport from files, median of ${runs}`, `${medianMs(runs, () => writeReport(dir)).toFixed(1)} ms`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    figure('report size', `${(Buffer.byteLength(html) / 1024).toFixed(0)} KiB`);
  }
}

// Run directly: `npx tsx bench/report.ts`.
if (import.meta.url === `file://${process.argv[1]}`) await benchReport();
