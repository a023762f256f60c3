/** The generic fault injector (DESIGN.md §3): schedules as data, the Nemesis that applies them, profiles. */
export type { FaultKind, FaultSchedule, FaultSpec, FaultTarget, FaultTargets, ResolvedRoles, TimedFault, TriggeredFault } from './types.ts';
export { parseSchedule, ScheduleError, type KnownTargets } from './validate.ts';
export { canonicalSchedule, serializeSchedule } from './serialize.ts';
export { FAULT_KINDS } from './spec.ts';
export { Nemesis } from './nemesis.ts';
export { validateProfile, type FaultProfile, type FaultTemplate, type Range, type TimedFaultTemplate, type TriggerTemplate } from './profile.ts';
export { drawFault, generateSchedule } from './generate.ts';
export { faultArbitrary, faultScheduleArbitrary, type FaultScheduleArbitraryOptions } from './arbitrary.ts';
