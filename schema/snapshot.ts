/**
 * The cluster as it stands after the quiet phase (DESIGN.md §4), observed directly (not through simulated
 * reads) and written as the trace's last event, `cluster.final`, for the assignment checker's end-state checks.
 */
import type { EncodedRegionName, ServerName } from './ids.ts';

export type TableState = 'ENABLED' | 'DISABLED' | 'ENABLING' | 'DISABLING';

/** One region row of hbase:meta: its table, its state and, when OPEN, info:server (else info:sn). */
export type MetaRegionState = {
  table: string;
  state: string;
  server: ServerName | null;
};

export type ClusterSnapshot = {
  /** Masters alive that believe they are active (there must be exactly one). */
  activeMasters: ServerName[];
  /** Live RegionServers (ServerName) and the regions each serves, sorted. */
  regionServers: Record<ServerName, EncodedRegionName[]>;
  /** Meta's region rows as the meta RegionServer holds them. */
  meta: Record<EncodedRegionName, MetaRegionState>;
  /** Table states as meta holds them. */
  tables: Record<string, TableState>;
  /** `/hbase/meta-region-server`, or null when the znode is missing. */
  metaLocation: { server: ServerName | null; state: string } | null;
};
