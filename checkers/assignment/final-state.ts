/**
 * The cluster after the quiet phase (the trace's `cluster.final` snapshot): exactly one active master; every
 * region of an enabled table open on exactly one live server, with meta saying so; no region of a disabled
 * table open; no table or region left in transition; meta's own location right.
 */
import { META_REGION_ENCODED_NAME as META } from '../../schema/ids.ts';
import type { ClusterSnapshot } from '../../schema/snapshot.ts';

export interface FinalStateViolation {
  kind: 'final-state';
  time: number;
  message: string;
  region?: string;
}

/** `time`: when the snapshot was taken (the violations are stated then). */
export function checkFinalState(snapshot: ClusterSnapshot, time: number): FinalStateViolation[] {
  const out: FinalStateViolation[] = [];
  const fail = (message: string, region?: string) => out.push({ kind: 'final-state', time, message, ...(region ? { region } : {}) });
  if (snapshot.activeMasters.length !== 1) fail(`expected one active master at the end, found ${snapshot.activeMasters.length}: ${snapshot.activeMasters.join(', ') || 'none'}`);

  const servedBy = new Map<string, string[]>();
  for (const [server, regions] of Object.entries(snapshot.regionServers)) {
    for (const region of regions) servedBy.set(region, [...(servedBy.get(region) ?? []), server]);
  }
  for (const [region, servers] of servedBy) if (servers.length > 1) fail(`region ${region} is open on ${servers.length} servers: ${servers.join(', ')}`, region);

  const metaServers = servedBy.get(META) ?? [];
  if (snapshot.metaLocation === null) fail('hbase:meta has no location in ZooKeeper');
  else if (snapshot.metaLocation.state !== 'OPEN' || metaServers.length !== 1 || metaServers[0] !== snapshot.metaLocation.server) {
    fail(`hbase:meta is ${snapshot.metaLocation.state} on ${snapshot.metaLocation.server} per ZooKeeper but served by ${metaServers.join(', ') || 'nobody'}`, META);
  }

  for (const [table, state] of Object.entries(snapshot.tables).sort()) {
    if (state !== 'ENABLED' && state !== 'DISABLED') fail(`table ${table} is stuck ${state}`);
  }
  for (const [region, row] of Object.entries(snapshot.meta).sort()) {
    const servers = servedBy.get(region) ?? [];
    const tableState = snapshot.tables[row.table];
    if (tableState === 'ENABLED') {
      if (servers.length === 0) fail(`region ${region} of enabled table ${row.table} is not open anywhere (meta: ${row.state} on ${row.server})`, region);
      else if (row.state !== 'OPEN' || row.server !== servers[0]) fail(`meta says region ${region} is ${row.state} on ${row.server}, but ${servers.join(', ')} serves it`, region);
    } else if (tableState === 'DISABLED') {
      if (servers.length > 0) fail(`region ${region} of disabled table ${row.table} is open on ${servers.join(', ')}`, region);
      if (row.state !== 'CLOSED' && row.state !== 'OFFLINE') fail(`region ${region} of disabled table ${row.table} is ${row.state} in meta`, region);
    }
  }
  for (const region of servedBy.keys()) {
    if (region !== META && snapshot.meta[region] === undefined) fail(`region ${region} is served but unknown to meta`, region);
  }
  return out;
}
