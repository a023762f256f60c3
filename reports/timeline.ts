/** The two charts, composed from rows: the timeline (faults, servers, procedures, clients, events) and regions. */
import { masterGapRow, regionsOfflineRow } from './availability-rows.ts';
import { clientRows } from './client-rows.ts';
import type { ReportModel } from './model.ts';
import { MAX_PROCEDURE_ROWS } from './model.ts';
import { regionRows, selectRegions } from './region-rows.ts';
import { eventsRow, faultBackground, faultRows, faultsByLane, heading, procedureRows, serverRow } from './server-rows.ts';
import type { Marker } from './markers.ts';
import { chart, makeScale, type Row, type Scale } from './svg.ts';
import { ritCountRow, splitTaskRows } from './zk-rows.ts';

export const MAX_OTHER_PROCESS_LANES = 16;
export const MAX_REGION_ROWS = 150;

export function scaleOf(model: ReportModel): Scale {
  return makeScale(model.runStart, model.runEnd);
}

export function timelineSvg(model: ReportModel, scale: Scale, linked: ReadonlySet<number>): { svg: string; clientLanes: number; packed: boolean } {
  const rows: Row[] = [];
  const { lanes, processOfServer } = model.servers;
  const laneIds = new Set(lanes.map((l) => l.process));
  const laneFaults = faultsByLane(model.faults, laneIds, processOfServer);
  const generic: Marker[] = [...model.markers.generic];

  const faults = faultRows(scale, model.faults);
  if (faults.length > 0) rows.push(heading('Faults'), ...faults);

  const sections: [string, string][] = [['master', 'Masters'], ['regionserver', 'RegionServers'], ['process', 'Other processes']];
  for (const [kind, title] of sections) {
    const ofKind = lanes.filter((l) => l.kind === kind);
    if (ofKind.length === 0) continue;
    rows.push(heading(title));
    ofKind.forEach((lane, i) => {
      const markers = model.markers.byLane.get(lane.process) ?? [];
      if (kind === 'process' && i >= MAX_OTHER_PROCESS_LANES) generic.push(...markers);
      else rows.push(serverRow(scale, lane, laneFaults.get(lane.process) ?? [], markers));
    });
    if (kind === 'master') {
      const gaps = masterGapRow(scale, model.masters);
      if (gaps !== undefined) rows.push(gaps);
    }
    if (kind === 'regionserver') {
      const offline = regionsOfflineRow(scale, model.regions);
      if (offline !== undefined) rows.push(offline);
    }
  }

  // The ZooKeeper era's assignment and log splitting live in znodes: drawn only when the trace has such znodes.
  const rit = ritCountRow(scale, model.zk.regionsInTransition);
  const tasks = splitTaskRows(scale, model.zk.splitTasks);
  if (rit !== undefined || tasks.length > 0) rows.push(heading('ZooKeeper: regions in transition, split-log tasks'), ...(rit === undefined ? [] : [rit]), ...tasks);

  const procedures = procedureRows(scale, model.procedures, MAX_PROCEDURE_ROWS);
  if (procedures.length > 0) rows.push(heading('Procedures'), ...procedures);

  const clients = clientRows(scale, model.operations, model.runEnd, model.highlights, linked);
  if (clients.rows.length > 0) rows.push(heading(clients.packed ? 'Clients (processes packed into lanes)' : 'Clients'), ...clients.rows);

  if (generic.length > 0) {
    generic.sort((a, b) => a.time - b.time);
    rows.push(heading('Other events'), eventsRow(scale, `events (${generic.length})`, generic));
  }
  if (rows.length === 0) rows.push({ label: 'nothing recorded', height: 20 });
  const svg = chart({ id: 'timeline', scale, rows, background: faultBackground(scale, model.faults), ariaLabel: 'Timeline of faults, servers, procedures and client operations' });
  return { svg, clientLanes: clients.lanes, packed: clients.packed };
}

/** Region-holding processes in lane order, so a server's colour is stable and matches the legend. */
export function regionOwners(model: ReportModel): string[] {
  const owners: string[] = [];
  for (const lane of model.servers.lanes) if (lane.kind === 'regionserver') owners.push(lane.process);
  for (const r of model.regions) for (const t of r.tenures) if (!owners.includes(t.process)) owners.push(t.process);
  return owners;
}

export function regionSvg(model: ReportModel, scale: Scale): { svg: string; hidden: number } | undefined {
  if (model.regions.length === 0) return undefined;
  const { shown, hidden } = selectRegions(model.regions, MAX_REGION_ROWS);
  const rows = regionRows(scale, shown, regionOwners(model), model.zk.regionsInTransition);
  const svg = chart({ id: 'regions', scale, rows, background: faultBackground(scale, model.faults), ariaLabel: 'Region assignment: which RegionServer held which region when' });
  return { svg, hidden };
}
