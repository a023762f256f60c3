/**
 * Fault profiles: named fault mixes as plain data. A profile lists timed fault templates, each arriving as a
 * Poisson process at its rate, and trigger templates, each included in a schedule with its probability. The
 * profile names targets as the schedule does (process ids, `role:` names, `role:self` in triggers, `all:` names
 * where the targets end up in a partition's groups); which
 * profiles exist is the system's business (runner/), not the harness's.
 *
 * Every range is `[min, max]`, integers, both inclusive.
 */
import { ALL_PREFIX, isFaultKind, ROLE_PREFIX, SELF } from './spec.ts';
import type { FaultKind, FaultTarget } from './types.ts';
import { validateSwarm, type SwarmOptions } from './swarm.ts';
import { ScheduleError } from './validate.ts';

export type Range = readonly [min: number, max: number];

/**
 * One kind of fault and the choices a fault of that kind is drawn from. Which fields a kind needs:
 * - crash: `targets`; `restartAfterMs` (a range, or null / absent: no restart until the quiet phase)
 * - pause: `targets`, `durationMs`
 * - partition: `partitions` (candidate groupings, one chosen) or `targets` + `isolateFrom` (the chosen target
 *   alone against those — write `all:<role>` there for every holder of a role, `role:<role>` is one), `durationMs`
 * - partition-one-way: `links` (candidate from/to pairs) or `targets` + `isolateFrom` (the chosen target cannot
 *   send to those), `durationMs`
 * - clock-skew: `targets`, `skewMs` (may be negative)
 * - session-expiry, restart: `targets`
 * - sync-failure: `targets`, `times` (a range ≥ 1, or 'until-roll')
 */
export interface FaultTemplate {
  kind: FaultKind;
  /** Candidate targets; one is chosen per fault. */
  targets?: readonly FaultTarget[];
  partitions?: readonly (readonly (readonly FaultTarget[])[])[];
  links?: readonly { from: readonly FaultTarget[]; to: readonly FaultTarget[] }[];
  isolateFrom?: readonly FaultTarget[];
  restartAfterMs?: Range | null;
  durationMs?: Range;
  skewMs?: Range;
  times?: Range | 'until-roll';
}

export interface TimedFaultTemplate extends FaultTemplate {
  /** Mean arrivals per minute of virtual time, before the quiet phase. 0 disables the template. */
  ratePerMinute: number;
  /** The swarm feature it belongs to (swarm.ts); its kind when absent. */
  feature?: string;
}

export interface TriggerTemplate {
  on: string;
  where?: Readonly<Record<string, string | number | boolean>>;
  /** Chance that a schedule includes this trigger, in [0, 1]. */
  probability: number;
  /** Which matching pass fires it; [1, 1] when absent. */
  occurrence?: Range;
  fault: FaultTemplate;
  /** The swarm feature it belongs to (swarm.ts); its failpoint when absent. */
  feature?: string;
}

export interface FaultProfile {
  name: string;
  timed: readonly TimedFaultTemplate[];
  triggers: readonly TriggerTemplate[];
  /** Swarm testing (swarm.ts): each schedule keeps a random subset of the features. Absent: every template, always. */
  swarm?: SwarmOptions;
}

/** Throws a ScheduleError naming the path of the first malformed template (`timed[2].durationMs: …`). */
export function validateProfile(profile: FaultProfile): void {
  if (profile.swarm !== undefined) validateSwarm(profile.swarm);
  profile.timed.forEach((t, i) => {
    const path = `timed[${i}]`;
    if (!(Number.isFinite(t.ratePerMinute) && t.ratePerMinute >= 0)) throw new ScheduleError(`${path}.ratePerMinute`, `expected a rate ≥ 0, got ${t.ratePerMinute}`);
    if (t.feature !== undefined && (typeof t.feature !== 'string' || t.feature === '')) throw new ScheduleError(`${path}.feature`, 'expected a feature name');
    validateTemplate(t, path, false);
  });
  profile.triggers.forEach((t, i) => {
    const path = `triggers[${i}]`;
    if (typeof t.on !== 'string' || t.on === '') throw new ScheduleError(`${path}.on`, 'expected a failpoint name');
    if (!(t.probability >= 0 && t.probability <= 1)) throw new ScheduleError(`${path}.probability`, `expected a probability in [0, 1], got ${t.probability}`);
    if (t.occurrence !== undefined) range(t.occurrence, `${path}.occurrence`, 1);
    if (t.feature !== undefined && (typeof t.feature !== 'string' || t.feature === '')) throw new ScheduleError(`${path}.feature`, 'expected a feature name');
    validateTemplate(t.fault, `${path}.fault`, true);
  });
}

function validateTemplate(t: FaultTemplate, path: string, inTrigger: boolean): void {
  if (!isFaultKind(t.kind)) throw new ScheduleError(`${path}.kind`, `unknown fault kind ${JSON.stringify(t.kind)}`);
  const need = <K extends keyof FaultTemplate>(field: K): NonNullable<FaultTemplate[K]> => {
    const value = t[field];
    if (value === undefined || value === null) throw new ScheduleError(`${path}.${field}`, `missing (a ${t.kind} template needs it)`);
    return value as NonNullable<FaultTemplate[K]>;
  };
  // `inList`: the targets end up in a list (partition groups, from, to), where `all:<role>` may stand.
  const targets = (list: readonly FaultTarget[], p: string, inList = t.kind === 'partition' || t.kind === 'partition-one-way') => {
    if (list.length === 0) throw new ScheduleError(p, 'expected at least one target');
    list.forEach((x, i) => {
      if (typeof x !== 'string' || x === '') throw new ScheduleError(`${p}[${i}]`, 'expected a process id or role');
      if (x === SELF && !inTrigger) throw new ScheduleError(`${p}[${i}]`, `'${SELF}' is only meaningful in a trigger`);
      if (x === ROLE_PREFIX || x === ALL_PREFIX) throw new ScheduleError(`${p}[${i}]`, `expected a role name after ${x}`);
      if (x.startsWith(ALL_PREFIX) && !inList) throw new ScheduleError(`${p}[${i}]`, `'${x}' stands for every holder of a role; a ${t.kind} takes one process`);
    });
  };
  const partitionLike = () => {
    if (t.kind === 'partition' && t.partitions !== undefined) {
      if (t.partitions.length === 0) throw new ScheduleError(`${path}.partitions`, 'expected at least one grouping');
      t.partitions.forEach((groups, i) => {
        if (groups.length < 2) throw new ScheduleError(`${path}.partitions[${i}]`, 'a partition needs at least 2 groups');
        groups.forEach((g, j) => targets(g, `${path}.partitions[${i}][${j}]`));
      });
    } else if (t.kind === 'partition-one-way' && t.links !== undefined) {
      if (t.links.length === 0) throw new ScheduleError(`${path}.links`, 'expected at least one link');
      t.links.forEach((l, i) => {
        targets(l.from, `${path}.links[${i}].from`);
        targets(l.to, `${path}.links[${i}].to`);
      });
    } else {
      const candidates = need('targets');
      const others = need('isolateFrom');
      targets(candidates, `${path}.targets`);
      targets(others, `${path}.isolateFrom`);
      const alone = candidates.find((c) => others.every((o) => o === c));
      if (alone !== undefined) throw new ScheduleError(`${path}.isolateFrom`, `names nothing but '${alone}', which leaves nobody to isolate it from`);
    }
    range(need('durationMs'), `${path}.durationMs`, 0);
  };
  switch (t.kind) {
    case 'partition':
    case 'partition-one-way':
      return partitionLike();
    case 'crash':
      if (t.restartAfterMs !== undefined && t.restartAfterMs !== null) range(t.restartAfterMs, `${path}.restartAfterMs`, 0);
      break;
    case 'pause':
      range(need('durationMs'), `${path}.durationMs`, 0);
      break;
    case 'clock-skew':
      range(need('skewMs'), `${path}.skewMs`, -Number.MAX_SAFE_INTEGER);
      break;
    case 'sync-failure': {
      const times = need('times');
      if (times !== 'until-roll') range(times, `${path}.times`, 1);
      break;
    }
    case 'session-expiry':
    case 'restart':
      break;
  }
  targets(need('targets'), `${path}.targets`);
}

function range(r: Range, path: string, min: number): void {
  const ok = Array.isArray(r) && r.length === 2 && Number.isSafeInteger(r[0]) && Number.isSafeInteger(r[1]) && r[0] >= min && r[0] <= r[1];
  if (!ok) throw new ScheduleError(path, `expected [min, max], integers with ${min} ≤ min ≤ max, got ${JSON.stringify(r)}`);
}
