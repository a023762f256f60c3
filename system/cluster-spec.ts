/**
 * The cluster's shape, as scenario data (DESIGN.md §3): how many masters and RegionServers, which tables with
 * how many regions, the HBase settings, and which planted bugs are on. Validation names the offending field.
 */
import { SCENARIO_CONFIG, validateConfig, type HBaseConfig } from './hbase/config.ts';
import { isKnownBug } from './bugs.ts';

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
