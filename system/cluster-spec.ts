/**
 * The cluster's shape, as scenario data (DESIGN.md §3): how many masters and RegionServers, which tables with
 * how many regions, the HBase settings, and which planted bugs are on. Validation names the offending field.
 */
import { SCENARIO_CONFIG, validateConfig, type HBaseConfig } from './hbase/config.ts';
import { isKnownBug } from './bugs.ts';

/**
 * Which era of region assignment the masters and RegionServers run (DESIGN.md "Two eras of assignment"):
 * `procedure` is HBase 2.x's AMv2 (the default); `zk` is HBase 1.1's ZooKeeper-driven assignment
 * (system/master/zk-assignment, system/regionserver/zk-handlers).
 */
export type AssignmentEra = 'procedure' | 'zk';
export const ASSIGNMENT_ERAS: readonly AssignmentEra[] = ['procedure', 'zk'];

export interface TableSpec {
  name: string;
  regions: number;
}

export interface ClusterSpec {
  masters: number;
  regionServers: number;
  tables: TableSpec[];
  /** Rows per table, named row-00, row-01, …; split evenly across the table's regions. */
  rowsPerTable: number;
  config: HBaseConfig;
  /** Planted bugs (system/bugs.ts) switched on; empty for a correct build. */
  bugs: string[];
  /** The assignment era; absent (as in schedules written before it existed) is `procedure`. */
  assignment?: AssignmentEra;
}

export function assignmentEra(spec: Pick<ClusterSpec, 'assignment'>): AssignmentEra {
  return spec.assignment ?? 'procedure';
}

export const DEFAULT_CLUSTER: ClusterSpec = {
  masters: 2,
  regionServers: 5,
  tables: [
    { name: 'usertable', regions: 4 },
    { name: 'orders', regions: 3 },
    { name: 'events', regions: 2 },
  ],
  rowsPerTable: 12,
  config: SCENARIO_CONFIG,
  bugs: [],
  assignment: 'procedure',
};

export function validateClusterSpec(spec: ClusterSpec, path = 'cluster'): void {
  const positive = (field: string, value: number, min = 1) => {
    if (!Number.isInteger(value) || value < min) throw new Error(`${path}.${field} must be an integer ≥ ${min}, got ${value}`);
  };
  positive('masters', spec.masters);
  positive('regionServers', spec.regionServers);
  positive('rowsPerTable', spec.rowsPerTable);
  if (!Array.isArray(spec.tables) || spec.tables.length === 0) throw new Error(`${path}.tables must list at least one table`);
  const names = new Set<string>();
  spec.tables.forEach((t, i) => {
    if (typeof t.name !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(t.name)) throw new Error(`${path}.tables[${i}].name must be a plain table name, got ${JSON.stringify(t.name)}`);
    if (names.has(t.name)) throw new Error(`${path}.tables[${i}].name ${t.name} is listed twice`);
    names.add(t.name);
    positive(`tables[${i}].regions`, t.regions);
    if (t.regions > spec.rowsPerTable) throw new Error(`${path}.tables[${i}].regions (${t.regions}) exceeds ${path}.rowsPerTable (${spec.rowsPerTable})`);
  });
  validateConfig(spec.config, `${path}.config`);
  if (spec.assignment !== undefined && !ASSIGNMENT_ERAS.includes(spec.assignment)) {
    throw new Error(`${path}.assignment must be one of ${ASSIGNMENT_ERAS.map((e) => JSON.stringify(e)).join(', ')}, got ${JSON.stringify(spec.assignment)}`);
  }
  spec.bugs.forEach((b, i) => {
    if (!isKnownBug(b)) throw new Error(`${path}.bugs[${i}]: unknown planted bug ${JSON.stringify(b)}`);
  });
}

export function rowName(i: number): string {
  return `row-${String(i).padStart(2, '0')}`;
}

/** Split keys that spread `rows` rows evenly over `regions` regions. */
export function splitKeys(rows: number, regions: number): string[] {
  return Array.from({ length: regions - 1 }, (_, i) => rowName(Math.round(((i + 1) * rows) / regions)));
}
