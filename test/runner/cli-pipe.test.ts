/** `faultline sweep | head`: the reader going away must not turn a failing sweep into exit 0. */
import { describe, expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '../../bin/faultline.js');

describe('a closed pipe (faultline sweep | head) keeps the verdict’s exit code', () => {
  test('stdout closed before the first line: the sweep still finishes and exits 1 for its violation, without a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-pipe-'));
    const plantedBug = join(dir, 'planted-bug.json');
    writeFileSync(plantedBug, JSON.stringify({ base: 'rs-death', cluster: { bugs: ['assign-before-log-split'] } }));
    const child = spawn(process.execPath, [BIN, 'sweep', '--scenario-file', plantedBug, '--seeds', '1', '--from', '1', '--workers', '1', '--out', join(dir, 'runs')], { stdio: ['ignore', 'pipe', 'pipe'] });
    // The reader goes away at once, so every line the sweep prints meets a closed pipe (EPIPE).
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
  });
});
