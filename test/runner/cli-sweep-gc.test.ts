/**
 * The CLI runs sweeps with V8's single-threaded GC (bin/faultline.js starts itself again with the flag), and the
 * sweep's summary says which GC its workers had: the flag is process-wide, so this is the only place it shows.
 */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '../../bin/faultline.js');

interface Summary {
  valid: number;
  workers: number;
  utilisation: { workers: number[]; main: number; cpu: number; cores: number; gc: string };
}

function sweepSummary(env: NodeJS.ProcessEnv): { status: number | null; summary: Summary } {
  const out = mkdtempSync(join(tmpdir(), 'faultline-gc-'));
  const { status, stdout } = spawnSync(process.execPath, [BIN, 'sweep', '--scenario', 'steady', '--seeds', '2', '--workers', '2', '--out', out, '--json'], { encoding: 'utf8', timeout: 120_000, env });
  const line = stdout.split('\n').find((l) => l.startsWith('{"summary"'));
  if (line === undefined) throw new Error(`no summary line in: ${stdout.slice(-500)}`);
  return { status, summary: (JSON.parse(line) as { summary: Summary }).summary };
}

describe('faultline sweep: single-threaded GC, reported with the utilisation', () => {
  test('by default the workers run with --single-threaded-gc, and the summary reports it with each worker’s utilisation', () => {
    const env = { ...process.env };
    delete env.FAULTLINE_GC;
    const { status, summary } = sweepSummary(env);
    expect(status).toBe(0);
    expect(summary.valid).toBe(2);
    expect(summary.utilisation.gc).toBe('single-threaded');
    expect(summary.utilisation.workers).toHaveLength(2);
    for (const busy of summary.utilisation.workers) expect(busy).toBeGreaterThan(0);
    expect(summary.utilisation.cpu).toBeGreaterThan(0);
  });

  test('FAULTLINE_GC=default keeps V8’s default GC, and the summary says so', () => {
    const { status, summary } = sweepSummary({ ...process.env, FAULTLINE_GC: 'default' });
    expect(status).toBe(0);
    expect(summary.utilisation.gc).toBe('default');
  });
});
