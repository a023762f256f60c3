import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { toJsonl } from '../../harness/history.ts';
import { main } from '../../runner/cli.ts';
import { contradictoryReaders } from './support/big.ts';

const PORCUPINE = join(import.meta.dirname, '../../../shared/histories/porcupine');
const ETCD_OK = join(PORCUPINE, 'jepsen/etcd_002.log');
const ETCD_BAD = join(PORCUPINE, 'jepsen/etcd_000.log');
const KV_BAD = join(PORCUPINE, 'kv/c01-bad.txt');

let dir: string;
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-check-'));
});

async function check(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['check', ...args], { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('faultline check: verdicts and exit codes', () => {
  test('a linearizable history: one verdict line, exit 0; format and model inferred', async () => {
    const { code, out, err } = await check(ETCD_OK);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toMatch(/etcd_002\.log: linearizable \(cas-register, \d+ operations, 1 key, \d+ ms\)/);
  });

  test('a violation: the verdict, then per failing key what could not be linearized and where; exit 1', async () => {
    const { code, out } = await check(ETCD_BAD);
    expect(code).toBe(1);
    expect(out).toMatch(/etcd_000\.log: NOT linearizable/);
    expect(out).toMatch(/key "register": after \d+ operations, .*\(process \d+ line \d+\)/);
  });

  test('several files: a line each and a summary; any violation makes the exit 1', async () => {
    const { code, out } = await check(ETCD_OK, ETCD_BAD, KV_BAD);
    expect(code).toBe(1);
    expect(out.split('\n').filter((l) => /: (linearizable|NOT linearizable)/.test(l))).toHaveLength(3);
    expect(out).toMatch(/3 files: 1 linearizable, 2 not linearizable, 0 unknown — not linearizable: .*etcd_000\.log, .*c01-bad\.txt$/);
  });

  test('--json: one JSON object per file with file, valid, per-key results and evidence', async () => {
    const { code, out } = await check('--json', ETCD_OK, KV_BAD);
    expect(code).toBe(1);
    const lines = out.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ file: ETCD_OK, format: 'porcupine-etcd', model: 'cas-register', valid: true });
    expect(lines[1]).toMatchObject({ file: KV_BAD, format: 'porcupine-kv', model: 'kv-append', valid: false });
    const keys = lines[1]?.keys as { valid: unknown; evidence?: { cannotLinearize: unknown[]; longestPrefix: { steps: unknown[] } } }[];
    const failing = keys.find((k) => k.valid === false);
    expect(failing?.evidence?.cannotLinearize.length).toBeGreaterThan(0);
    expect(failing?.evidence?.longestPrefix.steps.length).toBeGreaterThan(0);
  });

  test('--all-keys decides every key of a history with a violation; --no-partition checks all keys as one state', async () => {
    const all = await check('--json', '--all-keys', KV_BAD);
    const keys = (JSON.parse(all.out) as { keys: { valid: unknown }[] }).keys;
    expect(keys.every((k) => k.valid !== 'unknown')).toBe(true);
    const whole = await check('--json', '--no-partition', KV_BAD);
    expect(JSON.parse(whole.out)).toMatchObject({ valid: false, keys: [{ key: '*' }] });
  });

  test('a history too hard for its time limit: unknown with the reason, exit 3', async () => {
    const path = file('hard.jsonl', toJsonl(contradictoryReaders(40)));
    const { code, out } = await check('--time-limit-ms', '100', path);
    expect(code).toBe(3);
    expect(out).toMatch(/hard\.jsonl: unknown \(register, .*\): key "r": time limit of 100 ms reached/);
  });
});

describe('faultline check: bad input is a clear message, exit 2, never a stack trace', () => {
  test.each([
    ['a malformed JSONL line', 'bad.jsonl', '{"process":1,"type":"invoke","f":"read","key":"a"}\n{"process":1,"type":"ok"\n', /bad\.jsonl:2: not JSON/],
    ['a completion without an invocation', 'orphan.jsonl', '{"process":1,"type":"ok","f":"read","key":"a","value":null}\n', /orphan\.jsonl:1: ok read of process 1 completes nothing: it has no invocation/],
    ['an empty file', 'empty.jsonl', '', /empty\.jsonl: empty history: no operations/],
    ['an operation no model knows', 'mixed.jsonl', '{"process":1,"type":"invoke","f":"get","key":"a"}\n{"process":2,"type":"invoke","f":"cas","key":"a","value":[1,2]}\n', /mixed\.jsonl: no model knows all of get, cas; .*name one with --model/],
    ['a malformed etcd line', 'bad.log', 'INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 0\t:ok\t:read\n', /bad\.log:2: malformed operation/],
  ])('%s', async (_what, name, text, message) => {
    const { code, out, err } = await check(file(name, text));
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
    expect(out).toBe('');
  });

  test('a model that does not fit the operations names the operation and its line', async () => {
    const { code, err } = await check('--model', 'register', ETCD_OK);
    expect(code).toBe(2);
    expect(err).toMatch(/etcd_002\.log:\d+: register model has no operation 'cas'/);
  });

  test.each([
    [['--model', 'queue'], /faultline: unknown model 'queue'; models: register, cas-register, kv-append/],
    [['--format', 'csv'], /faultline: unknown format 'csv'; formats: jsonl, porcupine-etcd, porcupine-kv, jepsen-edn/],
    [['--time-limit-ms', 'soon'], /--time-limit-ms must be a whole number/],
  ])('option %j', async (options, message) => {
    const { code, err } = await check(...options, ETCD_OK);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  test('a missing file among good ones: the good ones still get their verdicts, the exit is 2', async () => {
    const { code, out, err } = await check(ETCD_OK, join(dir, 'nope.jsonl'));
    expect(code).toBe(2);
    expect(out).toMatch(/etcd_002\.log: linearizable/);
    expect(err).toMatch(/nope\.jsonl: cannot read: no such file/);
    expect(out).toMatch(/2 files: 1 linearizable, 0 not linearizable, 0 unknown, 1 unreadable — unreadable: .*nope\.jsonl$/);
  });

  test('an unreadable file never hides a violation in another: both named, the exit is 1', async () => {
    const { code, out, err } = await check(join(dir, 'missing.jsonl'), ETCD_BAD);
    expect(code).toBe(1);
    expect(err).toMatch(/missing\.jsonl: cannot read: no such file/);
    expect(out).toMatch(/etcd_000\.log: NOT linearizable/);
    expect(out).toMatch(/2 files: 0 linearizable, 1 not linearizable, 0 unknown, 1 unreadable — not linearizable: .*etcd_000\.log; unreadable: .*missing\.jsonl$/);
  });
});
