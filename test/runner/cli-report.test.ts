/**
 * `faultline report DIR` re-renders a run's report from its files; `faultline check FILE --report OUT` draws any
 * history (here Jepsen's etcd history from Porcupine's corpus) with its failing key explained. Bad input: one
 * line, exit 2, nothing half-written.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { main } from '../../runner/cli.ts';

const ETCD_BAD = join(import.meta.dirname, '../../../shared/histories/porcupine/jepsen/etcd_000.log');
const ETCD_OK = join(import.meta.dirname, '../../../shared/histories/porcupine/jepsen/etcd_002.log');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-cli-report-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('faultline check --report', () => {
  test('draws a not-linearizable history: the failing key, its story and the verdict; exit 1 as without --report', async () => {
    const out = join(dir, 'etcd.html');
    const { code, err } = await cli('check', ETCD_BAD, '--report', out);
    expect(code).toBe(1);
    expect(err).toBe(`report: ${out}`);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('history <b>');
    expect(html).toMatch(/<h3>Key <span class="mono">register<\/span> — linearizability<\/h3>/);
    expect(html).toMatch(/<p class="sentence">read → 2 by process \d+/);
    expect(html).toContain('class="story-chart"');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('a linearizable history gets a report without a story', async () => {
    const out = join(dir, 'ok.html');
    expect((await cli('check', ETCD_OK, '--report', out)).code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('VALID');
    expect(html).not.toContain('id="story"');
  });

  test('bad input: several files, or a report that cannot be written — one line, exit 2, before any checking', async () => {
    const several = await cli('check', ETCD_BAD, ETCD_OK, '--report', join(dir, 'x.html'));
    expect(several.code).toBe(2);
    expect(several.err).toBe('faultline: --report draws one history; 2 files were given');
    expect(several.out).toBe('');
    const unwritable = await cli('check', ETCD_BAD, '--report', '/proc/no/such/dir/x.html');
    expect(unwritable.code).toBe(2);
    expect(unwritable.err).toMatch(/^faultline: --report \/proc\/no\/such\/dir\/x\.html: output directory .* is not writable/);
    expect(unwritable.out).toBe('');
  });
});

describe('faultline report DIR', () => {
  test('re-renders the report of a run folder from its files', async () => {
    const run = join(dir, 'run');
    expect((await cli('run', '--scenario', 'steady', '--seed', '1', '--out', run)).code).toBe(0);
    const before = readFileSync(join(run, 'report.html'), 'utf8');
    unlinkSync(join(run, 'report.html'));
    const { code, out } = await cli('report', run);
    expect(code).toBe(0);
    expect(out).toBe(`report: ${join(run, 'report.html')}`);
    expect(readFileSync(join(run, 'report.html'), 'utf8')).toBe(before);
  });

  test('a folder without a run, or with a malformed file: one line naming the file, exit 2, no report written', async () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    const { code, err } = await cli('report', empty);
    expect(code).toBe(2);
    expect(err).toBe(`faultline: ${join(empty, 'result.json')}: cannot read: file not found`);
    expect(existsSync(join(empty, 'report.html'))).toBe(false);
  });
});
