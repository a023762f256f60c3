/**
 * The RPCs between the simulated HBase processes, by HBase's service and method names. Each service is a
 * network service name on the serving process:
 *
 *   - `ClientService` on every RegionServer: get / mutate / checkAndMutate, and meta lookups on the server
 *     that hosts hbase:meta (locateRegion stands in for the client's reverse scan of meta).
 *   - `AdminService` on every RegionServer, called by the master: openRegion / closeRegion, meta mutations.
 *   - `RegionServerStatusService` on every master, called by RegionServers: startup, report, transitions.
 *   - `MasterService` on every master, called by admin clients: DDL, move, balance, procedure results.
 *
 * Every response is `{ok: true, ...}` or an ErrorResponse naming an HBase exception.
 */
import type { AdminOperation } from '../../schema/events/workload.ts';
import type { TableState } from '../../schema/snapshot.ts';
import type { ErrorResponse } from './exceptions.ts';
import type { RegionInfo } from './region-info.ts';
import type { ServerName } from './server-name.ts';

export const SERVICE = {
  client: 'ClientService',
  admin: 'AdminService',
  regionServerStatus: 'RegionServerStatusService',
  master: 'MasterService',
} as const;

/** A register cell: one row, one value (a JSON scalar); null is absent. */
export type CellValue = number | string | null;

// ---- ClientService (RegionServer) ------------------------------------------------------------------------

export interface GetRequest {
  region: string;
  row: string;
}
export type GetResponse = { ok: true; value: CellValue } | ErrorResponse;

export interface MutateRequest {
  region: string;
  row: string;
  value: CellValue;
  /** Client nonce; with checkAndMutate a retried request returns the first attempt's result (HBASE.md §7). */
  nonce: string;
}
export type MutateResponse = { ok: true } | ErrorResponse;

export interface CheckAndMutateRequest extends MutateRequest {
  expected: CellValue;
}
export type CheckAndMutateResponse = { ok: true; processed: boolean } | ErrorResponse;

/** Served only by the RegionServer hosting hbase:meta. */
export interface LocateRegionRequest {
  table: string;
  row: string;
}
export type LocateRegionResponse =
  | { ok: true; region: RegionInfo; server: ServerName | null; state: string; seqNum: number; tableState: TableState }
  | ErrorResponse;

// ---- AdminService (RegionServer, called by the master) ----------------------------------------------------

export interface OpenRegionRequest {
  region: RegionInfo;
  /** The OpenRegionProcedure's id; the RS de-duplicates re-sent opens by it (HBASE-22404). */
  procId: number;
  /** The server the master means; an RS with another startcode rejects it (throwOnWrongStartCode). */
  server: ServerName;
  /** initiating_master_active_time (HBASE-28690): the sending master's token, the czxid of its /hbase/master
   *  znode. The RegionServer does not check it; it echoes it in its transition report. */
  masterActiveTime: number;
  /** ZooKeeper era (HBase 1.x): the version of the OFFLINE znode the master wrote for this open (ZKAssign). */
  versionOfOfflineNode?: number;
}
/** RegionOpeningState (HBase 1.x openRegion's answer, ZooKeeper era). */
export type RegionOpeningState = 'OPENED' | 'ALREADY_OPENED' | 'FAILED_OPENING';
export type OpenRegionResponse = { ok: true; openingState?: RegionOpeningState } | ErrorResponse;
export interface CloseRegionRequest {
  region: string;
  procId: number;
  server: ServerName;
  masterActiveTime: number;
  /** For a move: where the region goes, so the RS can answer RegionMovedException. */
  destination: ServerName | null;
  /** ZooKeeper era (HBase 1.x): the version of the CLOSING znode the master created for this close. */
  versionOfClosingNode?: number;
  /** ZooKeeper era: false for a close with no znode (a stray open the master closes, HBASE-5546). */
  transitionInZK?: boolean;
}
export type AdminResponse = { ok: true } | ErrorResponse;

/** A meta row, as RegionStateStore writes it (HBASE.md §4, "hbase:meta as state store"). */
export interface MetaRegionRow {
  kind: 'region';
  region: RegionInfo;
  state: string;
  /** info:server — set when OPEN; left in place (stale) while OPENING/CLOSING, as HBase does. */
  server: ServerName | null;
  /** info:sn — the server during a transition. */
  sn: ServerName | null;
  seqNum: number;
}
export type { TableState };
export interface MetaTableRow {
  kind: 'table';
  table: string;
  state: TableState;
}
export type MetaRow = MetaRegionRow | MetaTableRow;

export interface MetaMutateRequest {
  /** Keyed by meta row key: `<table>,<startKey>,<regionId>` for regions, `<table>` for table state. */
  /**
   * `ts`: the cell timestamp the master set when it built the Put (RegionStateStore: `new Put(row, time)` with its
   * clock); a retry re-sends the same one, and the row shows the newest version, not the last to arrive.
   */
  puts: { key: string; row: MetaRow; ts?: number }[];
  deletes: string[];
}
export type MetaScanResponse = { ok: true; rows: { key: string; row: MetaRow; ts?: number | undefined }[] } | ErrorResponse;

// ---- RegionServerStatusService (master, called by RegionServers) -------------------------------------------

export interface RegionServerStartupRequest {
  server: ServerName;
  /** The RS's clock, for hbase.master.maxclockskew. */
  currentTime: number;
}
export interface RegionServerReportRequest {
  server: ServerName;
  regions: string[];
}
export type TransitionCode = 'OPENED' | 'FAILED_OPEN' | 'CLOSED';
export interface ReportTransitionRequest {
  server: ServerName;
  code: TransitionCode;
  region: string;
  procId: number;
  openSeqNum: number;
  /** The token of the master whose open/close this reports (HBASE-28690): a master older than it refuses the report. */
  initiatingMasterActiveTime: number;
}
export type StatusResponse = { ok: true } | ErrorResponse;

// ---- MasterService (master, called by admin clients) ------------------------------------------------------

/** The admin operations as the trace names them, each with the client's nonce. */
export type AdminRequest = AdminOperation & { nonce: string };
export type AdminSubmitResponse = { ok: true; procId: number } | ErrorResponse;
export interface ProcedureResultRequest {
  procId: number;
}
export type ProcedureResultResponse = { ok: true; state: 'RUNNING' | 'SUCCESS' | 'FAILED' | 'NOT_FOUND'; error?: string } | ErrorResponse;
