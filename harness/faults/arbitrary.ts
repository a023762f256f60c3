/**
 * A fast-check arbitrary of fault schedules from a profile's vocabulary: the kinds, targets and ranges its
 * templates allow (templates with rate or probability 0 are left out). Every value passes parseSchedule for
 * a system that has the profile's processes and roles.
 *
 * Shrinking goes toward fewer faults (the list shrinks, triggers drop out), later ones (a timed fault's time
 * shrinks toward the quiet phase), shorter ones (durations, restart delays and skews toward the bottom of
 * their range, or 0), earlier occurrences and the first-listed template and target.
 */
import fc from 'fast-check';
import { buildFault, type Chooser } from './generate.ts';
import { validateProfile, type FaultProfile, type FaultTemplate, type Range } from './profile.ts';
import { canonicalSchedule } from './serialize.ts';
import type { FaultSchedule, FaultSpec, TimedFault, TriggeredFault } from './types.ts';

export interface FaultScheduleArbitraryOptions {
  /** Most timed faults in one schedule; by default about twice the profile's expected count (at most 64). */
  maxFaults?: number;
}

export function faultScheduleArbitrary(profile: FaultProfile, durationMs: number, quietAtMs: number, options: FaultScheduleArbitraryOptions = {}): fc.Arbitrary<FaultSchedule> {
  validateProfile(profile);
  if (!(Number.isSafeInteger(quietAtMs) && Number.isSafeInteger(durationMs) && quietAtMs >= 0 && quietAtMs <= durationMs)) {
    throw new RangeError(`faultScheduleArbitrary: need integers 0 ≤ quietAtMs (${quietAtMs}) ≤ durationMs (${durationMs})`);
  }
  const timed = profile.timed.filter((t) => t.ratePerMinute > 0);
  const expected = (timed.reduce((sum, t) => sum + t.ratePerMinute, 0) * quietAtMs) / 60_000;
  const maxFaults = options.maxFaults ?? Math.min(64, Math.ceil(expected * 2) + 1);

  let faults: fc.Arbitrary<TimedFault[]> = fc.constant([]);
  if (timed.length > 0 && quietAtMs > 0 && maxFaults > 0) {
    // Weighted by rate, so the mix resembles the profile's; the weights are integers for fast-check.
    const fault = fc.oneof(...timed.map((t) => ({ arbitrary: faultArbitrary(t), weight: Math.max(1, Math.round(t.ratePerMinute * 100)) })));
    // Drawn as the distance before the quiet phase, so that it shrinks toward later.
    const at = fc.nat(quietAtMs - 1).map((beforeQuiet) => quietAtMs - 1 - beforeQuiet);
    faults = fc.array(fc.record({ at, fault }), { maxLength: maxFaults });
  }
  const triggers = fc.tuple(...profile.triggers.filter((t) => t.probability > 0).map((t) => fc.option(triggerArbitrary(t), { nil: undefined })));

  return fc.tuple(faults, triggers).map(([timedFaults, maybeTriggers]) =>
    canonicalSchedule({
      version: 1,
      quietAtMs,
      faults: [...timedFaults].sort((a, b) => a.at - b.at),
      triggers: maybeTriggers.filter((t): t is TriggeredFault => t !== undefined),
    }),
  );
}

function triggerArbitrary(t: FaultProfile['triggers'][number]): fc.Arbitrary<TriggeredFault> {
  const [min, max] = t.occurrence ?? [1, 1];
  return fc.tuple(fc.integer({ min, max }), faultArbitrary(t.fault)).map(([occurrence, fault]) =>
    t.where === undefined ? { on: t.on, occurrence, fault } : { on: t.on, where: { ...t.where }, occurrence, fault },
  );
}

type Choice = { pick: number } | { int: Range };

/**
 * The template's faults as fast-check draws them, built by the same code as generateSchedule's (buildFault):
 * a dry run records which choices the template needs, fast-check draws each, a second run replays them.
 */
export function faultArbitrary(template: FaultTemplate): fc.Arbitrary<FaultSpec> {
  const choices: Choice[] = [];
  buildFault(template, {
    pick: (items) => {
      choices.push({ pick: items.length });
      return items[0] as (typeof items)[number];
    },
    int: (range) => {
      choices.push({ int: range });
      return range[0];
    },
  });
  const draws = choices.map((c) => ('pick' in c ? fc.nat(c.pick - 1) : fc.integer({ min: c.int[0], max: c.int[1] })));
  return fc.tuple(...draws).map((values) => {
    let next = 0;
    const take = () => {
      if (next >= values.length) throw new Error('faultArbitrary: the template asked for more choices than in its dry run');
      return values[next++] as number;
    };
    const replay: Chooser = { pick: (items) => items[take()] as (typeof items)[number], int: () => take() };
    return buildFault(template, replay);
  });
}
