/**
 * Well-known names every reader of a run relies on, declared once: the system names its meta region with
 * these, and the checkers and reports look for them.
 */

/** HBase's ServerName, `host,port,startcode`: a restarted server is a new ServerName (a larger startcode). */
export type ServerName = string;

/** A region's encoded name: how the trace, meta and the RegionServers identify a region. */
export type EncodedRegionName = string;

/** hbase:meta (HBase's TableName.META_TABLE_NAME). */
export const META_TABLE_NAME = 'hbase:meta';

/** The encoded name of meta's one region, as HBase's FIRST_META_REGIONINFO has it. */
export const META_REGION_ENCODED_NAME: EncodedRegionName = '1588230740';

/**
 * The simulated process that runs a server: the ServerName's host. A server's events name its ServerName, the
 * harness's lifecycle events its process; this is how readers tie the two together.
 */
export function processOfServer(server: ServerName): string {
  const comma = server.indexOf(',');
  return comma < 0 ? server : server.slice(0, comma);
}
