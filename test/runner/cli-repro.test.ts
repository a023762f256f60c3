/**
 * The printed repro line is a promise: run through a real shell and the real CLI (bin/faultline.js), it must give
 * the same verdict and the same digest of history + trace as the run it was printed for — planted bugs and
 * scenario overrides included.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shellQuote } from '../../runner/repro.ts';

const BIN = join(import.meta.dirname, '../../bin/faultline.js');
const PLANTED_BUG = JSON.stringify({ base: 'rs-death', cluster: { bugs: ['assign-before-log-split'] } });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-repro-'));
});

function faultline(args: string[]) {
  const { status, stdout, stderr } = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { status, stdout, stderr };
}

/** Runs a printed repro line in sh, as a user would paste it, writing its files to `out`. */
function runRepro(repro: string, out: string) {
  expect(repro).toMatch(/^npx faultline run /);
  const command = `${repro.replace(/^npx faultline /, `${shellQuote(process.execPath)} ${shellQuote(BIN)} `)} --out ${shellQuote(out)}`;
  const { status, stdout, stderr } = spawnSync('sh', ['-c', command], { encoding: 'utf8' });
  return { status, stdout, stderr, result: JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as { valid: unknown; sha256: string; repro: string } };
}

describe('the repro line reproduces the run, through the real CLI', () => {
  test('run with a planted bug (rs-death + assign-before-log-split, seed 1): same violation, same digest', () => {
    const original = faultline(['run', '--scenario-file', PLANTED_BUG, '--seed', '1', '--out', join(dir, 'run')]);
    expect(original.status).toBe(1);
    const repro = /^repro: (.*)$/m.exec(original.stdout)![1]!;
    expect(repro).not.toBe('npx faultline run --scenario rs-death --seed 1');
    const result = JSON.parse(readFileSync(join(dir, 'run', 'result.json'), 'utf8'));
    expect(result).toMatchObject({ valid: false, repro });

    const again = runRepro(repro, join(dir, 'run-again'));
    expect(again.status).toBe(1);
    expect(again.stdout).toMatch(/^verdict: VIOLATION$/m);
    expect(again.result.valid).toBe(false);
    expect(again.result.sha256).toBe(result.sha256);
  });

  test('a sweep’s failing-seed line: its repro gives the same violation and digest as the sweep’s own files', () => {
    const sweep = faultline(['sweep', '--scenario-file', PLANTED_BUG, '--seeds', '1', '--from', '1', '--workers', '1', '--out', join(dir, 'sweep')]);
    expect(sweep.status).toBe(1);
    const line = /seed 1: VIOLATION .*$/m.exec(sweep.stdout)![0];
    const repro = / — repro: (.*) — report: /.exec(line)![1]!;
    const swept = JSON.parse(readFileSync(join(dir, 'sweep', 'seed-1', 'result.json'), 'utf8'));
    expect(swept.repro).toBe(repro);

    const again = runRepro(repro, join(dir, 'sweep-again'));
    expect(again.status).toBe(1);
    expect(again.result.sha256).toBe(swept.sha256);
  });

  test('a sweep’s valid seed (no files written): its repro names the overrides and reproduces the run', () => {
    const scenario = join(dir, 'short steady.json');
    writeFileSync(scenario, JSON.stringify({ base: 'steady', durationMs: 4_000, quietMs: 1_000, finalReadsMs: 3_000, workload: { clients: 3 } }));
    const sweep = faultline(['sweep', '--scenario-file', scenario, '--seeds', '1', '--from', '5', '--workers', '1', '--out', join(dir, 'valid'), '--json']);
    expect(sweep.status).toBe(0);
    const seed = JSON.parse(sweep.stdout.split('\n')[0]!) as { seed: number; valid: unknown; repro: string };
    expect(seed).toMatchObject({ seed: 5, valid: true });
    expect(seed.repro).toMatch(/^npx faultline run --scenario-file '\{"base":"steady",.*\}' --seed 5$/);

    const direct = faultline(['run', '--scenario-file', scenario, '--seed', '5', '--out', join(dir, 'valid-direct')]);
    expect(direct.status).toBe(0);
    const again = runRepro(seed.repro, join(dir, 'valid-again'));
    expect(again.status).toBe(0);
    expect(again.result.sha256).toBe(JSON.parse(readFileSync(join(dir, 'valid-direct', 'result.json'), 'utf8')).sha256);
  });
});
