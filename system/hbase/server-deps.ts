/** What every HBase server process is built from: the runtime's network and trace, settings, and its clients. */
import type { Network } from '../../harness/network.ts';
import type { ProcessContext } from '../../harness/scheduler.ts';
import type { TraceRecorder } from '../../harness/trace.ts';
import type { HBaseConfig } from './config.ts';
import type { FileSystemPort, ZKWatcher } from './ports.ts';

export interface ServerDeps {
  network: Network;
  trace: TraceRecorder;
  config: HBaseConfig;
  zk(ctx: ProcessContext): ZKWatcher;
  fs(ctx: ProcessContext): FileSystemPort;
  /** Planted bugs switched on for this run (system/bugs.ts). */
  bugs: ReadonlySet<string>;
  /** Failpoints: the fault injector may crash or pause this process at a named point. */
  failpoint(ctx: ProcessContext, name: string, detail: Record<string, unknown>): void;
}
