/**
 * A WAL edit: one row mutation of one region, with the region's sequence id. The same record shape lands in
 * a RegionServer's WAL, in recovered.edits after a split, and (as a snapshot) in a region's store file.
 */
export interface WalEdit {
  region: string;
  seq: number;
  row: string;
  value: unknown;
  /** The client's nonce: replaying the WAL re-learns it, so a retry after failover is de-duplicated. */
  nonce?: string;
  /** For checkAndMutate: whether the edit was the result of a successful compare. */
  processed?: boolean;
  /** The cell timestamp the client set (hbase:meta's writers do); absent: the server's order decides. */
  ts?: number;
  /**
   * A region event marker (WALUtil.writeRegionEventMarker): no row is changed, but its sequence id counts — a
   * replay that reads an open marker opens the region above it, so a reopen after a crash never reuses it.
   */
  marker?: 'REGION_OPEN';
}

/** A flushed store file: every row of the region as of `maxSeq`. */
export interface StoreFile {
  maxSeq: number;
  rows: [string, unknown][];
  /** Nonces of recent non-idempotent operations and their results, kept across flushes. */
  nonces: [string, boolean][];
  /** Client-set timestamps of the rows that have one, so a reopened region still shows the newest version. */
  timestamps?: [string, number][];
}
