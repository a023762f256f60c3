import { describe, expect, test } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HistoryRecorder } from '../../harness/history.ts';
import { TraceRecorder, type TraceRecord } from '../../harness/trace.ts';
import { ensureWritableDir, OutputError, writeFileAtomic } from '../../harness/io/atomic.ts';

describe('history recorder', () => {
  test('writes DESIGN.md §4 JSON lines with indices and times', () => {
    let now = 120;
    const h = new HistoryRecorder(() => now);
    h.invoke(3, 'write', 'r7', 5);
    now = 131;
    h.ok(3, 5);
    h.invoke(1, 'cas', 'r7', [5, 6]);
    h.fail(1, [5, 6], 'mismatch');
    expect(h.toJsonl()).toBe(
      '{"index":0,"time":120,"process":3,"type":"invoke","f":"write","key":"r7","value":5}\n' +
        '{"index":1,"time":131,"process":3,"type":"ok","f":"write","key":"r7","value":5}\n' +
        '{"index":2,"time":131,"process":1,"type":"invoke","f":"cas","key":"r7","value":[5,6]}\n' +
        '{"index":3,"time":131,"process":1,"type":"fail","f":"cas","key":"r7","value":[5,6],"error":"mismatch"}\n',
    );
  });

  test('rejects a second invocation while one is outstanding, a completion without invocation, and reuse after info', () => {
    const h = new HistoryRecorder(() => 0);
    h.invoke(1, 'read', 'k', null);
    expect(() => h.invoke(1, 'read', 'k', null)).toThrow(/outstanding/);
    expect(() => h.ok(2, 1)).toThrow(/no outstanding/);
    h.info(1, null, 'timeout');
    expect(() => h.invoke(1, 'read', 'k', null)).toThrow(/info/);
  });
});

describe('trace recorder', () => {
  test('records time, type and fields in emission order, and counts by type', () => {
    let now = 0;
    const t = new TraceRecorder(() => now);
    const emitter = t.tracer<TraceRecord>();
    emitter.emit('master.active', { server: 'm1' });
    now = 7;
    emitter.emit('zk.session.expired', { session: 3 });
    emitter.emit('master.active', { server: 'm2' });
    expect(t.toJsonl().split('\n')[1]).toBe('{"time":7,"type":"zk.session.expired","session":3}');
    expect(t.countByType()).toEqual({ 'master.active': 2, 'zk.session.expired': 1 });
  });
});

describe('atomic run files', () => {
  test('a written file appears whole and no temporary file is left behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-'));
    writeFileAtomic(join(dir, 'a.txt'), 'hello');
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('hello');
    expect(readdirSync(dir)).toEqual(['a.txt']);
  });

  test('an unwritable directory is a one-line OutputError, and nothing is written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-'));
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, 'x');
    expect(() => ensureWritableDir(join(file, 'sub'))).toThrow(OutputError);
    const ro = join(dir, 'ro');
    ensureWritableDir(ro);
    chmodSync(ro, 0o500);
    // root ignores permission bits; only assert where the OS enforces them
    if (process.getuid?.() !== 0) expect(() => writeFileAtomic(join(ro, 'x'), 'y')).toThrow(OutputError);
    expect(readdirSync(ro)).toEqual([]);
  });
});
