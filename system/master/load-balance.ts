/**
 * The load arithmetic both assignment eras share: where a region goes (the least-loaded server, ties broken by the
 * seeded balancer stream) and the simple balancer's plans (from the most to the least loaded server until they
 * differ by at most one). Each AssignmentManager supplies its own load count and its own idea of a movable region.
 */
import type { RandomStream } from '../../harness/random.ts';
import type { RegionInfo } from '../hbase/region-info.ts';
import type { ServerName } from '../hbase/server-name.ts';

export interface RegionPlan {
  region: RegionInfo;
  from: ServerName;
  to: ServerName;
}

/** Regions held per server, for the given servers (others are not counted). */
export type LoadBy = (servers: readonly ServerName[]) => Map<ServerName, number>;

export function pickLeastLoaded(servers: readonly ServerName[], exclude: ServerName | null, loadBy: LoadBy, random: RandomStream): ServerName | null {
  const candidates = servers.length > 1 && exclude !== null ? servers.filter((s) => s !== exclude) : [...servers];
  if (candidates.length === 0) return null;
  const load = loadBy(candidates);
  const least = Math.min(...candidates.map((s) => load.get(s) ?? 0));
  return random.pick(candidates.filter((s) => (load.get(s) ?? 0) === least));
}

/** `movable(server, planned)`: a region of `server` the balancer may move, not one already planned. */
export function balancePlans(servers: readonly ServerName[], loadBy: LoadBy, movable: (server: ServerName, planned: readonly RegionPlan[]) => RegionInfo | undefined): RegionPlan[] {
  if (servers.length < 2) return [];
  const load = loadBy(servers);
  const plans: RegionPlan[] = [];
  for (;;) {
    const sorted = [...servers].sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0) || (a < b ? -1 : 1));
    const low = sorted[0] as ServerName;
    const high = sorted[sorted.length - 1] as ServerName;
    if ((load.get(high) ?? 0) - (load.get(low) ?? 0) <= 1) return plans;
    const region = movable(high, plans);
    if (region === undefined) return plans;
    plans.push({ region, from: high, to: low });
    load.set(high, (load.get(high) ?? 0) - 1);
    load.set(low, (load.get(low) ?? 0) + 1);
  }
}
