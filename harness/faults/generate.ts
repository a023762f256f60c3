/**
 * A fault schedule drawn from a profile and a seeded stream: deterministic per (profile, stream), so per
 * (profile, seed). Pass a stream of its own (say `scheduler.random('fault-schedule')`), not `faults`, which the
 * Nemesis draws role choices from: a replay from schedule.json then draws neither.
 *
 * Timed templates arrive as independent Poisson processes (exponential gaps at the template's rate) in
 * [0, quietAtMs); templates are drawn one after the other, so adding a template at the end leaves the earlier
 * ones' faults as they were. The result lists faults by time (ties in template order).
 *
 * A swarm profile (swarm.ts) first chooses the features this schedule keeps, from `swarmRng` (a stream of its
 * own, say `fault-swarm`; `rng` when absent), and records them in the schedule's `swarm` field.
 */
import type { RandomStream } from '../random.ts';
import { validateProfile, type FaultProfile, type FaultTemplate, type Range } from './profile.ts';
import { chooseSwarm, swarmProfile } from './swarm.ts';
import type { FaultSchedule, FaultSpec, FaultTarget, TimedFault, TriggeredFault } from './types.ts';

/** More faults than this from one template is a profile error (a rate meant per hour written per minute). */
const MAX_ARRIVALS = 100_000;

export function generateSchedule(given: FaultProfile, rng: RandomStream, durationMs: number, quietAtMs: number, swarmRng: RandomStream = rng): FaultSchedule {
  validateProfile(given);
  const swarm = given.swarm === undefined ? undefined : chooseSwarm(given, given.swarm, swarmRng);
  const profile = given.swarm === undefined || swarm === undefined ? given : swarmProfile(given, given.swarm, swarm);
  if (!(Number.isSafeInteger(quietAtMs) && Number.isSafeInteger(durationMs) && quietAtMs >= 0 && quietAtMs <= durationMs)) {
    throw new RangeError(`generateSchedule: need integers 0 ≤ quietAtMs (${quietAtMs}) ≤ durationMs (${durationMs})`);
  }
  const faults: TimedFault[] = [];
  profile.timed.forEach((template, i) => {
    if (template.ratePerMinute === 0) return;
    const meanGapMs = 60_000 / template.ratePerMinute;
    let count = 0;
    for (let t = rng.exponential(meanGapMs); t < quietAtMs; t += rng.exponential(meanGapMs)) {
      if (++count > MAX_ARRIVALS) throw new RangeError(`timed[${i}].ratePerMinute: ${template.ratePerMinute} gives more than ${MAX_ARRIVALS} faults`);
      faults.push({ at: Math.floor(t), fault: drawFault(template, rng) });
    }
  });
  faults.sort((a, b) => a.at - b.at);
  const triggers: TriggeredFault[] = [];
  for (const template of profile.triggers) {
    if (!rng.chance(template.probability)) continue;
    const [min, max] = template.occurrence ?? [1, 1];
    const occurrence = rng.int(min, max);
    const fault = drawFault(template.fault, rng);
    triggers.push(template.where === undefined ? { on: template.on, occurrence, fault } : { on: template.on, where: { ...template.where }, occurrence, fault });
  }
  return swarm === undefined ? { version: 1, quietAtMs, faults, triggers } : { version: 1, quietAtMs, swarm, faults, triggers };
}

/** The choices a fault is drawn with: a seeded stream here, fast-check's generators in arbitrary.ts. */
export interface Chooser {
  pick<T>(items: readonly T[]): T;
  int(range: Range): number;
}

export function drawFault(template: FaultTemplate, rng: RandomStream): FaultSpec {
  return buildFault(template, { pick: (items) => rng.pick(items), int: ([min, max]) => rng.int(min, max) });
}

/** One fault of the template's kind; the template was validated (validateProfile). */
export function buildFault(t: FaultTemplate, choose: Chooser): FaultSpec {
  const targets = () => t.targets as readonly FaultTarget[];
  const r = (range: Range | undefined) => choose.int(range as Range);
  switch (t.kind) {
    case 'crash':
      return { kind: 'crash', target: choose.pick(targets()), restartAfterMs: t.restartAfterMs === undefined || t.restartAfterMs === null ? null : choose.int(t.restartAfterMs) };
    case 'pause':
      return { kind: 'pause', target: choose.pick(targets()), durationMs: r(t.durationMs) };
    case 'partition': {
      const groups = t.partitions !== undefined ? choose.pick(t.partitions).map((g) => [...g]) : isolate(choose.pick(targets()), t.isolateFrom);
      return { kind: 'partition', groups, durationMs: r(t.durationMs) };
    }
    case 'partition-one-way': {
      if (t.links !== undefined) {
        const link = choose.pick(t.links);
        return { kind: 'partition-one-way', from: [...link.from], to: [...link.to], durationMs: r(t.durationMs) };
      }
      const [from, to] = isolate(choose.pick(targets()), t.isolateFrom) as [FaultTarget[], FaultTarget[]];
      return { kind: 'partition-one-way', from, to, durationMs: r(t.durationMs) };
    }
    case 'clock-skew':
      return { kind: 'clock-skew', target: choose.pick(targets()), skewMs: r(t.skewMs) };
    case 'session-expiry':
      return { kind: 'session-expiry', target: choose.pick(targets()) };
    case 'sync-failure':
      return { kind: 'sync-failure', target: choose.pick(targets()), times: t.times === 'until-roll' ? 'until-roll' : r(t.times) };
    case 'restart':
      return { kind: 'restart', target: choose.pick(targets()) };
  }
}

/** The chosen target alone against the others (itself left out of them; a role is sorted out when it fires). */
function isolate(target: FaultTarget, others: readonly FaultTarget[] | undefined): FaultTarget[][] {
  return [[target], (others ?? []).filter((o) => o !== target)];
}
