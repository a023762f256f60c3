/**
 * `large`: a cluster ten times the default's — 3 masters, 50 RegionServers, 500 regions (5 tables of 100), 100
 * register clients — under the `failover` profile, 60 s of virtual time in all. It exists to show that a run's
 * cost grows linearly with regions and clients (`npm run bench -- cluster` prints its wall time and peak memory).
 * A seed takes seconds, so `sweep --all-scenarios` and `soak` leave it out (heavy); run it by name.
 */
import { DEFAULT_CLUSTER } from '../../system/cluster-spec.ts';
import { DEFAULT_REGISTER_WORKLOAD } from '../../workloads/register.ts';
import { hbaseScenario, type HBaseScenarioSpec } from './hbase.ts';
import type { ScenarioEntry } from './registry.ts';

/** The default cluster's tables (the failover profile targets `usertable`'s servers) and two more. */
const TABLES = ['usertable', 'orders', 'events', 'accounts', 'sessions'];
const REGIONS_PER_TABLE = 100;

const spec: HBaseScenarioSpec = {
  cluster: {
    ...DEFAULT_CLUSTER,
    masters: 3,
    regionServers: 50,
    tables: TABLES.map((name) => ({ name, regions: REGIONS_PER_TABLE })),
    rowsPerTable: REGIONS_PER_TABLE,
  },
  workload: { ...DEFAULT_REGISTER_WORKLOAD, clients: 100 },
  faults: { profile: 'failover', startMs: 6_000, schedule: null },
  durationMs: 40_000,
  quietMs: 10_000,
  finalReadsMs: 10_000,
};

export const large: ScenarioEntry<HBaseScenarioSpec> = {
  ...hbaseScenario('large', "A cluster ten times the default: 3 masters, 50 RegionServers, 5 tables of 100 regions, 100 register clients, the failover profile's faults, 60 s of virtual time", spec),
  heavy: true,
};
