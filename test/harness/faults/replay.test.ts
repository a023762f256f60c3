import { expect, test } from 'vitest';
import { generateSchedule } from '../../../harness/faults/generate.ts';
import { serializeSchedule } from '../../../harness/faults/serialize.ts';
import { parseSchedule } from '../../../harness/faults/validate.ts';
import { KNOWN, TEST_PROFILE, buildWorld } from './world.ts';

const DURATION = 3_000;
/** Skips for the state a process is in (as opposed to a role resolving to nobody). */
const STATE_REASONS = new Set(['already down', 'down', 'not down', 'no session']);
const QUIET = 2_000;

function original(seed: number) {
  const w = buildWorld({ seed });
  const s = generateSchedule(TEST_PROFILE, w.sim.scheduler.random('fault-schedule'), DURATION, QUIET);
  const nemesis = w.arm(s);
  w.sim.scheduler.runUntil(DURATION);
  return { w, trace: w.sim.trace.toJsonl(), history: w.sim.history.toJsonl(), resolved: serializeSchedule(nemesis.resolvedSchedule()) };
}

/** A run from schedule.json text alone. With `strict`, resolving any role is an error: none should be needed. */
function replay(seed: number, text: string, strict: boolean) {
  const w = buildWorld({ seed });
  if (strict) {
    w.targets.resolve = (role) => {
      throw new Error(`the replay resolved role ${role}`);
    };
  }
  const nemesis = w.arm(parseSchedule(JSON.parse(text), { ...KNOWN, durationMs: DURATION }));
  w.sim.scheduler.runUntil(DURATION);
  return { w, trace: w.sim.trace.toJsonl(), history: w.sim.history.toJsonl(), resolved: serializeSchedule(nemesis.resolvedSchedule()) };
}

test('the resolved schedule replays to a byte-identical trace, with no role resolution and no random draw', () => {
  let picked = 0;
  let triggered = 0;
  let strictRuns = 0;
  for (let seed = 0; seed < 25; seed++) {
    const first = original(seed);
    const events = first.w.sim.trace.events;
    // A fault skipped because a role came out empty stays as written, and a replay resolves it again.
    const roleSkips = events.filter((e) => e.type === 'fault.skipped' && !STATE_REASONS.has(String(e.reason))).length;
    picked += events.filter((e) => e.roles !== undefined && Object.keys(e.roles as object).some((r) => r.startsWith('role:any'))).length;
    triggered += events.filter((e) => e.type.startsWith('fault.') && e.trigger !== undefined).length;
    const strict = roleSkips === 0;
    if (strict) strictRuns++;
    const again = replay(seed, first.resolved, strict);
    expect(again.trace, `seed ${seed}`).toBe(first.trace);
    expect(again.history, `seed ${seed}`).toBe(first.history);
    // Replaying a resolved schedule resolves to itself.
    expect(again.resolved, `seed ${seed}`).toBe(first.resolved);
    if (strict) expect(again.w.sim.scheduler.random('faults').draws, `seed ${seed}`).toBe(0);
  }
  // The test means something only if roles with several holders were picked and triggers fired.
  expect(picked).toBeGreaterThan(50);
  expect(triggered).toBeGreaterThan(15);
  expect(strictRuns).toBeGreaterThan(15);
});

test('the same seed gives the same run; the original schedule (with roles) is itself deterministic', () => {
  for (const seed of [3, 11]) {
    const a = original(seed);
    const b = original(seed);
    expect(b.trace).toBe(a.trace);
    expect(b.resolved).toBe(a.resolved);
  }
});

test('a replay still fires a trigger at the same point when that point comes at another time', () => {
  // The resolved trigger is kept as a trigger: if the system reaches the failpoint later (here: the nodes tick
  // more slowly), the fault follows the failpoint, not the clock.
  const w = buildWorld({ seed: 4 });
  const nemesis = w.arm({
    version: 1,
    quietAtMs: 2_000,
    faults: [],
    triggers: [{ on: 'node.tick', where: { node: 'n3' }, occurrence: 7, fault: { kind: 'crash', target: 'role:self', restartAfterMs: null } }],
  });
  w.sim.scheduler.runUntil(2_000);
  const slow = buildWorld({ seed: 4, tickMs: [40, 60] });
  slow.arm(nemesis.resolvedSchedule());
  slow.sim.scheduler.runUntil(2_000);
  const crashAfterTick = (world: typeof w) => {
    const events = world.sim.trace.events;
    const i = events.findIndex((e) => e.type === 'fault.crash');
    return [events[i - 1]?.type, events[i - 1]?.node, events[i - 1]?.n, events[i]?.target];
  };
  expect(crashAfterTick(w)).toEqual(['node.tick', 'n3', 7, 'n3']);
  expect(crashAfterTick(slow)).toEqual(['node.tick', 'n3', 7, 'n3']);
});
