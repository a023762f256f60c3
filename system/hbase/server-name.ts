/**
 * HBase's ServerName: `host,port,startcode`. A restarted RegionServer is a *new* server (a larger startcode),
 * which is how the master tells a fresh process from a zombie of the same host (HBASE.md §0).
 */
export type ServerName = string;

export function serverName(host: string, port: number, startcode: number): ServerName {
  return `${host},${port},${startcode}`;
}

export interface ParsedServerName {
  host: string;
  port: number;
  startcode: number;
}

export function parseServerName(sn: ServerName): ParsedServerName {
  const [host, port, startcode] = sn.split(',');
  if (host === undefined || port === undefined || startcode === undefined) throw new Error(`not a ServerName: ${sn}`);
  return { host, port: Number(port), startcode: Number(startcode) };
}

/** `host:port`, the part that stays the same across restarts. */
export function hostAndPort(sn: ServerName): string {
  const p = parseServerName(sn);
  return `${p.host}:${p.port}`;
}

/** The simulated process that runs a server (its host name): the schema's one definition, which readers share. */
export { processOfServer as processOf } from '../../schema/ids.ts';
