import { describe, expect, test } from 'vitest';
import { parseSchedule, ScheduleError } from '../../../harness/faults/validate.ts';
import { serializeSchedule } from '../../../harness/faults/serialize.ts';
import type { FaultSchedule } from '../../../harness/faults/types.ts';

/** A JSON tree the cases edit freely (the point is to make it wrong). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const known = { processes: ['master-1', 'rs-1', 'rs-2', 'zookeeper'], roles: ['active-master', 'meta-rs'], durationMs: 60_000 };

const valid = (): Record<string, unknown> => ({
  version: 1,
  quietAtMs: 50_000,
  faults: [
    { at: 30_000, fault: { kind: 'crash', target: 'role:active-master', restartAfterMs: null } },
    { at: 1_000, fault: { kind: 'pause', target: 'rs-1', durationMs: 2_000 } },
    { at: 2_000, fault: { kind: 'partition', groups: [['rs-1'], ['zookeeper', 'role:meta-rs', 'all:active-master']], durationMs: 500 } },
    { at: 3_000, fault: { kind: 'partition-one-way', from: ['rs-2'], to: ['zookeeper'], durationMs: 0 } },
    { at: 4_000, fault: { kind: 'clock-skew', target: 'rs-2', skewMs: -700 } },
    { at: 5_000, fault: { kind: 'session-expiry', target: 'role:meta-rs' } },
    { at: 6_000, fault: { kind: 'sync-failure', target: 'master-1', times: 'until-roll' } },
    { at: 7_000, fault: { kind: 'sync-failure', target: 'rs-1', times: 3 } },
    { at: 8_000, fault: { kind: 'restart', target: 'master-1' }, roles: { 'role:active-master': 'master-1', 'all:meta-rs': ['rs-1', 'rs-2'] } },
  ],
  triggers: [
    { on: 'master.scp.SPLIT_LOGS', where: { server: 'rs-1', procId: 3, fresh: true }, occurrence: 2, fault: { kind: 'crash', target: 'role:self', restartAfterMs: 1_000 } },
    { on: 'master.init.start', occurrence: 1, fault: { kind: 'pause', target: 'role:active-master', durationMs: 100 } },
  ],
});

/** `valid()` with one change made by `edit`, parsed: returns the error message. */
function problem(edit: (s: Json) => void): string {
  const s = valid();
  edit(s);
  try {
    parseSchedule(s, known);
  } catch (error) {
    expect(error).toBeInstanceOf(ScheduleError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected the schedule to be rejected');
}

describe('parseSchedule', () => {
  test('a schedule using every kind, role, trigger field, and unsorted times is accepted and comes out canonical', () => {
    const parsed = parseSchedule(valid(), known);
    expect(parsed.faults.map((f) => f.at)).toEqual([30_000, 1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 7_000, 8_000]);
    expect(parsed.triggers[0]?.where).toEqual({ fresh: true, procId: 3, server: 'rs-1' });
    expect(Object.keys(parsed.triggers[0]?.where ?? {})).toEqual(['fresh', 'procId', 'server']);
    // The result shares nothing with the input.
    const input = valid();
    const again = parseSchedule(input, known);
    (input as Json).faults[0].fault.target = 'rs-2';
    expect(again.faults[0]?.fault).toEqual({ kind: 'crash', target: 'role:active-master', restartAfterMs: null });
  });

  test('serialise → parse → serialise is the same text, with a fixed key order whatever the input order', () => {
    const shuffled = JSON.parse(JSON.stringify(valid()), (_key, value) =>
      value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value,
    );
    const text = serializeSchedule(parseSchedule(shuffled, known));
    expect(serializeSchedule(parseSchedule(JSON.parse(text), known))).toBe(text);
    expect(text).toBe(serializeSchedule(parseSchedule(valid(), known)));
    expect(text.startsWith('{\n  "version": 1,\n  "quietAtMs": 50000,\n  "faults": [\n    {\n      "at": 30000,\n      "fault": {\n        "kind": "crash",\n        "target"')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });

  const cases: Array<[string, (s: Json) => void, string]> = [
    ['missing version', (s) => delete s.version, 'version: missing'],
    ['unknown top-level field', (s) => (s.extra = 1), 'extra: unknown field'],
    ['wrong version', (s) => (s.version = 2), 'version: unsupported version 2'],
    ['faults not a list', (s) => (s.faults = {}), 'faults: expected an array, got an object'],
    ['quiet past the end', (s) => (s.quietAtMs = 70_000), 'quietAtMs: 70000 is past the end of the run (60000)'],
    ['unknown fault kind', (s) => (s.triggers[0].fault.kind = 'explode'), "triggers[0].fault.kind: unknown fault kind 'explode' (known: crash, pause,"],
    ['missing kind', (s) => delete s.faults[2].fault.kind, 'faults[2].fault.kind: missing'],
    ['a target on a kind without one', (s) => (s.faults[3].fault.target = 'rs-1'), 'faults[3].fault.target: unknown field (expected kind, from, to, durationMs)'],
    ['unknown process in a target', (s) => (s.faults[1].fault.target = 'rs-9'), "faults[1].fault.target: unknown process 'rs-9' (known: master-1, rs-1, rs-2, zookeeper)"],
    ['unknown role', (s) => (s.faults[5].fault.target = 'role:leader'), "faults[5].fault.target: unknown role 'role:leader' (known: role:active-master, role:meta-rs)"],
    ['role:self outside a trigger', (s) => (s.faults[0].fault.target = 'role:self'), "faults[0].fault.target: 'role:self' is only meaningful in a trigger"],
    ['time past the end', (s) => (s.faults[1].at = 70_000), 'faults[1].at: 70000 is past the end of the run (60000)'],
    ['time in the quiet phase', (s) => (s.faults[1].at = 55_000), 'faults[1].at: 55000 is in the quiet phase (from 50000)'],
    ['negative time', (s) => (s.faults[1].at = -1), 'faults[1].at: expected an integer ≥ 0, got -1'],
    ['fractional time', (s) => (s.faults[1].at = 1.5), 'faults[1].at: expected an integer ≥ 0, got 1.5'],
    ['time as a string', (s) => (s.faults[1].at = '100'), 'faults[1].at: expected an integer ≥ 0, got "100"'],
    ['negative duration', (s) => (s.faults[1].fault.durationMs = -5), 'faults[1].fault.durationMs: expected an integer ≥ 0, got -5'],
    ['missing restartAfterMs', (s) => delete s.faults[0].fault.restartAfterMs, 'faults[0].fault.restartAfterMs: missing'],
    ['bad restartAfterMs', (s) => (s.faults[0].fault.restartAfterMs = 'soon'), 'faults[0].fault.restartAfterMs: expected an integer ≥ 0 or null, got "soon"'],
    ['field of another kind', (s) => (s.faults[1].fault.skewMs = 5), 'faults[1].fault.skewMs: unknown field (expected kind, target, durationMs)'],
    ['one group', (s) => (s.faults[2].fault.groups = [['rs-1']]), 'faults[2].fault.groups: a partition needs at least 2 groups, got 1'],
    ['empty group', (s) => (s.faults[2].fault.groups[1] = []), 'faults[2].fault.groups[1]: expected at least one target, got an empty list'],
    ['a process on both sides', (s) => s.faults[2].fault.groups[1].push('rs-1'), "faults[2].fault.groups[1][3]: 'rs-1' is already named at faults[2].fault.groups[0][0]"],
    ['one-way to itself', (s) => (s.faults[3].fault.to = ['rs-2']), "faults[3].fault.to[0]: 'rs-2' is already named at faults[3].fault.from[0]"],
    ['one-way with no sender', (s) => (s.faults[3].fault.from = []), 'faults[3].fault.from: expected at least one target, got an empty list'],
    ['fractional skew', (s) => (s.faults[4].fault.skewMs = 0.5), 'faults[4].fault.skewMs: expected an integer, got 0.5'],
    ['zero sync failures', (s) => (s.faults[6].fault.times = 0), "faults[6].fault.times: expected an integer ≥ 1 or 'until-roll', got 0"],
    ['target not a string', (s) => (s.faults[7].fault.target = 7), "faults[7].fault.target: expected a process id or 'role:<name>', got 7"],
    ['roles naming an unknown process', (s) => (s.faults[8].roles['role:active-master'] = 'master-9'), `faults[8].roles["role:active-master"]: unknown process 'master-9'`],
    ['all: where one process is wanted', (s) => (s.faults[1].fault.target = 'all:meta-rs'), "faults[1].fault.target: 'all:meta-rs' stands for every holder of a role, and this fault takes one process (use 'role:meta-rs')"],
    ['all: of an unknown role', (s) => s.faults[3].fault.to.push('all:rs'), "faults[3].fault.to[1]: unknown role 'all:rs' (known: all:active-master, all:meta-rs)"],
    ['all: resolved to a single id', (s) => (s.faults[8].roles['all:meta-rs'] = 'rs-1'), `faults[8].roles["all:meta-rs"]: expected an array, got "rs-1"`],
    ['all: resolved to a role', (s) => (s.faults[8].roles['all:meta-rs'] = ['role:meta-rs']), `faults[8].roles["all:meta-rs"][0]: expected the process id the role resolved to, got "role:meta-rs"`],
    ['roles keyed by a process', (s) => (s.faults[8].roles = { 'master-1': 'master-1' }), `faults[8].roles["master-1"]: expected a key 'role:<name>' or 'all:<name>'`],
    ['occurrence 0', (s) => (s.triggers[0].occurrence = 0), 'triggers[0].occurrence: expected an integer ≥ 1, got 0'],
    ['missing occurrence', (s) => delete s.triggers[1].occurrence, 'triggers[1].occurrence: missing'],
    ['empty failpoint name', (s) => (s.triggers[1].on = ''), 'triggers[1].on: expected a failpoint name, got ""'],
    ['where with an object', (s) => (s.triggers[0].where.server = { a: 1 }), 'triggers[0].where.server: expected a string, number or boolean, got an object'],
    ['where with an odd key', (s) => (s.triggers[0].where['a b'] = null), 'triggers[0].where["a b"]: expected a string, number or boolean, got null'],
    ['unprintable name', (s) => (s.faults[1].fault.target = 'rs\n9'), 'faults[1].fault.target: unknown process "rs\\n9"'],
  ];
  test.each(cases)('%s', (_name, edit, expected) => {
    expect(problem(edit)).toContain(expected);
    expect(problem(edit).startsWith(expected.split(':')[0] as string)).toBe(true);
  });

  test('the root must be an object', () => {
    for (const bad of [null, [], 'x', 3]) expect(() => parseSchedule(bad, known)).toThrow(/^schedule: expected an object/);
  });

  test('a long list of known processes is cut short in the message', () => {
    const many = { ...known, processes: Array.from({ length: 40 }, (_, i) => `rs-${i}`) };
    const s = valid() as unknown as FaultSchedule;
    s.faults = [{ at: 0, fault: { kind: 'restart', target: 'rs-99' } }];
    s.triggers = [];
    expect(() => parseSchedule(s, many)).toThrow(/known: rs-0, rs-1, .*rs-11, … 28 more\)$/);
  });
});
