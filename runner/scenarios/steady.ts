/** `steady`: the default cluster under the register workload and admin operations, with no faults. */
import { DEFAULT_CLUSTER } from '../../system/cluster-spec.ts';
import { DEFAULT_REGISTER_WORKLOAD } from '../../workloads/register.ts';
import { hbaseScenario, NO_FAULTS } from './hbase.ts';

export const steady = hbaseScenario('steady', 'No faults: 2 masters, 5 RegionServers, 3 tables, 10 register clients and an admin moving regions', {
  cluster: DEFAULT_CLUSTER,
  workload: DEFAULT_REGISTER_WORKLOAD,
  faults: NO_FAULTS,
  durationMs: 30_000,
  quietMs: 3_000,
  finalReadsMs: 10_000,
});
