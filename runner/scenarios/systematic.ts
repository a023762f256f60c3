/**
 * `systematic`: a scripted scenario for systematic crash testing — one table created, then disabled, one region
 * moved, one RegionServer killed (for a ServerCrashProcedure) — with no random faults. `faultline systematic`
 * crashes the master at every persisted step of one of these procedures in turn.
 */
import { DEFAULT_CLUSTER } from '../../system/cluster-spec.ts';
import { DEFAULT_REGISTER_WORKLOAD } from '../../workloads/register.ts';
import { hbaseScenario, type HBaseScenarioSpec } from './hbase.ts';
import type { ScenarioEntry } from './registry.ts';

export const SYSTEMATIC_TABLE = 'systab';

const spec: HBaseScenarioSpec = {
  cluster: DEFAULT_CLUSTER,
  workload: {
    ...DEFAULT_REGISTER_WORKLOAD,
    clients: 6,
    adminIntervalMs: 0,
    adminScript: [
      { atMs: 4_000, op: 'createTable', table: SYSTEMATIC_TABLE, regions: 3 },
      { atMs: 9_000, op: 'disableTable', table: SYSTEMATIC_TABLE },
      { atMs: 14_000, op: 'move', table: 'usertable', row: 'row-05' },
    ],
  },
  faults: {
    profile: null,
    startMs: 0,
    schedule: { version: 1, faults: [{ at: 19_000, fault: { kind: 'crash', target: 'rs-2', restartAfterMs: 4_000 } }], triggers: [], quietAtMs: 30_000 },
  },
  durationMs: 30_000,
  quietMs: 12_000,
  finalReadsMs: 8_000,
};

export const systematic: ScenarioEntry<HBaseScenarioSpec> = {
  ...hbaseScenario('systematic', 'Scripted: create table systab, disable it, move a region, kill a RegionServer — the target of faultline systematic', spec),
  scripted: true,
};
