/**
 * Report rendering: the report is written for every run, so its cost is part of every `faultline run`.
 * Synthetic runs (test/support/synthetic-run.ts) of a typical, a large and a huge size (issue 10's budget: a
 * 100,000-operation report within 10 MB, rendering within 3 s); figures, never assertions.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { renderReport, writeReport } from '../reports/index.ts';
import { syntheticRun, writeRunDir, type SyntheticOptions } from '../test/support/synthetic-run.ts';
import { figure, medianMs } from './measure.ts';

const SIZES: { name: string; options: SyntheticOptions; runs: number }[] = [
  { name: 'typical: 3k ops, 5k trace events, 50 regions', options: { ops: 3_000, traceEvents: 5_000, clients: 10, regions: 50 }, runs: 15 },
  { name: 'large: 20k ops, 50k trace events, 200 regions', options: { ops: 20_000, traceEvents: 50_000, clients: 30, regions: 200 }, runs: 5 },
  { name: 'huge: 100k ops, 200k trace events, 500 regions', options: { ops: 100_000, traceEvents: 200_000, clients: 100, regions: 500, durationMs: 60_000 }, runs: 3 },
];

const CHROMIUM = process.env.FAULTLINE_CHROMIUM ?? '/usr/bin/chromium';

/** Time from navigation to the load event and first paint in Debian's chromium, or why it could not be measured. */
async function browserRender(path: string): Promise<string> {
  if (!existsSync(CHROMIUM)) return `not measured (no chromium at ${CHROMIUM})`;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const start = performance.now();
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    return `${(performance.now() - start).toFixed(0)} ms to load and paint`;
  } finally {
    await browser.close();
  }
}

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
    figure('report size', `${(Buffer.byteLength(html) / 1024).toFixed(0)} KiB (${(Buffer.byteLength(html) / 2 ** 20).toFixed(2)} MiB)`);
    const file = join(mkdtempSync(join(tmpdir(), 'faultline-bench-page-')), 'report.html');
    writeFileSync(file, html);
    figure('in chromium (1400×900)', await browserRender(file));
    rmSync(dirname(file), { recursive: true, force: true });
  }
}

// Run directly: `npx tsx bench/report.ts`.
if (import.meta.url === `file://${process.argv[1]}`) await benchReport();
