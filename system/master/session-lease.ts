/**
 * Whether a master may still be the active one: ZooKeeper confirmed its session within two thirds of the session
 * timeout (the lease RegionServers serve reads under, HRegionServer.mayServeReads). A master paused past its
 * session's expiry wakes up believing it is active until the expiry event reaches it; writes it holds back until
 * the lease is confirmed again cannot land over its successor's.
 */
import type { ProcessContext } from '../../harness/scheduler.ts';
import type { HBaseConfig } from '../hbase/config.ts';
import type { ZKWatcher } from '../hbase/ports.ts';

export function holdsSessionLease(ctx: ProcessContext, zk: ZKWatcher, config: HBaseConfig): boolean {
  return ctx.now() - zk.sessionConfirmedMs() < (config.zkSessionTimeoutMs * 2) / 3;
}
