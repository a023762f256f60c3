/**
 * Swarm testing (Groce et al., "Swarm Testing", ISSTA 2012): instead of every schedule mixing every kind of
 * fault at a moderate rate, each seed switches on a random subset of the profile's features and leaves the rest
 * out. Some seeds then concentrate on one or two kinds of fault at a high rate — the schedules that expose a bug
 * which the other kinds would mask or interrupt — while across seeds every feature still shows up.
 *
 * A feature is a label on templates: a template's `feature`, or by default its kind (timed) or failpoint
 * (trigger). Each feature is kept with probability `keep` (at least one always is); a kept timed template runs
 * at its rate × min(1, concurrency / features kept), so a seed keeping few features runs them at full
 * strength and one keeping many is no heavier than `concurrency` of them. Kept triggers keep their probability.
 * The choice is drawn from a stream of its own, so adding templates to a feature does not move the choice.
 */
import type { RandomStream } from '../random.ts';
import type { FaultProfile, TimedFaultTemplate, TriggerTemplate } from './profile.ts';
import { ScheduleError } from './validate.ts';

export interface SwarmOptions {
  /** Chance that a seed keeps each feature, in (0, 1]. */
  keep: number;
  /** How many kept features run at full rate; more share that budget (timed rates scaled by concurrency / kept). */
  concurrency: number;
}

export function featureOf(template: TimedFaultTemplate | TriggerTemplate): string {
  if (template.feature !== undefined) return template.feature;
  return 'on' in template ? template.on : template.kind;
}

/** The profile's features in order of first appearance (timed templates, then triggers). */
export function swarmFeatures(profile: FaultProfile): string[] {
  const out: string[] = [];
  for (const t of [...profile.timed, ...profile.triggers]) {
    const feature = featureOf(t);
    if (!out.includes(feature)) out.push(feature);
  }
  return out;
}

export function validateSwarm(options: SwarmOptions): void {
  if (!(options.keep > 0 && options.keep <= 1)) throw new ScheduleError('swarm.keep', `expected a probability in (0, 1], got ${options.keep}`);
  if (!(Number.isFinite(options.concurrency) && options.concurrency > 0)) throw new ScheduleError('swarm.concurrency', `expected a number > 0, got ${options.concurrency}`);
}

/** The features one seed keeps, in profile order: one draw per feature, then one pick if none was kept. */
export function chooseSwarm(profile: FaultProfile, options: SwarmOptions, rng: RandomStream): string[] {
  const features = swarmFeatures(profile);
  if (features.length === 0) return [];
  const kept = features.filter(() => rng.chance(options.keep));
  return kept.length > 0 ? kept : [rng.pick(features)];
}

/** The profile reduced to the kept features, timed rates scaled; no longer a swarm profile. */
export function swarmProfile(profile: FaultProfile, options: SwarmOptions, kept: readonly string[]): FaultProfile {
  const keeps = (t: TimedFaultTemplate | TriggerTemplate) => kept.includes(featureOf(t));
  const scale = Math.min(1, options.concurrency / Math.max(1, kept.length));
  return {
    name: profile.name,
    timed: profile.timed.filter(keeps).map((t) => ({ ...t, ratePerMinute: t.ratePerMinute * scale })),
    triggers: profile.triggers.filter(keeps),
  };
}
