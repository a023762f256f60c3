/**
 * The HBase exceptions that cross the simulated wire, by their HBase names. Responses carry them as
 * `{ok: false, error: <name>, ...detail}`; the client's retry rules (HBASE.md §7) key on the name.
 */
export type HBaseError =
  | 'NotServingRegionException'
  | 'RegionMovedException'
  | 'RegionOpeningException'
  | 'ServerNotRunningYetException'
  | 'RegionServerAbortedException'
  | 'RegionServerStoppedException'
  | 'PleaseHoldException'
  | 'MasterNotRunningException'
  | 'YouAreDeadException'
  | 'TableNotFoundException'
  | 'TableNotEnabledException'
  | 'TableNotDisabledException'
  | 'TableExistsException'
  | 'UnknownRegionException'
  | 'UnexpectedStateException'
  | 'DoNotRetryIOException'
  /** HBase 1.x: an open for a region the RegionServer is closing, or the reverse (ZooKeeper era). */
  | 'RegionAlreadyInTransitionException'
  | 'IOException';

export interface ErrorResponse {
  ok: false;
  error: HBaseError;
  message?: string;
  /** RegionMovedException: where the region went. */
  destination?: string;
}

export function failure(error: HBaseError, message?: string, destination?: string): ErrorResponse {
  const r: ErrorResponse = { ok: false, error };
  if (message !== undefined) r.message = message;
  if (destination !== undefined) r.destination = destination;
  return r;
}

/** Exceptions after which the client keeps its cached location (HBASE.md §7, ClientExceptionsUtil). */
export const KEEPS_LOCATION_CACHE: ReadonlySet<HBaseError> = new Set(['RegionOpeningException']);

/** Exceptions that end the operation at once, without retry. */
export const DO_NOT_RETRY: ReadonlySet<HBaseError> = new Set([
  'DoNotRetryIOException',
  'TableNotFoundException',
  'TableNotEnabledException',
  'TableNotDisabledException',
  'TableExistsException',
  'UnknownRegionException',
]);
