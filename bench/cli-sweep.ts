/**
 * `faultline sweep` of one checkout or build, run as a user runs it: its own CLI in a child process, timed from start
 * to exit, with whatever process settings that CLI chooses for its workers (bin/faultline.js). An in-process call
 * of sweep() would miss those, and would share this process with the bench.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SweepUtilisation } from '../runner/sweep.ts';

export interface CliSweepResult {
  /** From the child's start to its exit. */
  wallMs: number;
  valid: number;
  workers: number;
  /** The sweep's own utilisation, as its summary gives it (an older build's gives no `gc`). */
  utilisation: Omit<SweepUtilisation, 'gc'> & Partial<Pick<SweepUtilisation, 'gc'>>;
}

/** Seeds 1…count of failover on `workers` workers by the CLI in `dir` (a folder holding bin/ and dist/ or sources). */
export function cliSweep(dir: string, count: number, workers = 2): CliSweepResult {
  const out = mkdtempSync(join(tmpdir(), 'faultline-bench-sweep-'));
  const start = performance.now();
  const args = [join(dir, 'bin', 'faultline.js'), 'sweep', '--scenario', 'failover', '--seeds', String(count), '--from', '1', '--workers', String(workers), '--out', out, '--json'];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const wallMs = performance.now() - start;
  rmSync(out, { recursive: true, force: true });
  const summary = child.stdout
    .split('\n')
    .filter((line) => line.startsWith('{"summary"'))
    .map((line) => (JSON.parse(line) as { summary: Omit<CliSweepResult, 'wallMs'> }).summary)[0];
  if (summary === undefined) throw new Error(`faultline sweep in ${dir} printed no summary (exit ${child.status}): ${child.stderr.trim().split('\n').slice(-3).join(' ')}`);
  return { wallMs, valid: summary.valid, workers: summary.workers, utilisation: summary.utilisation };
}
