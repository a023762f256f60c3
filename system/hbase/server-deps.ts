/** What every HBase server process is built from: the runtime's network and trace, settings, and its clients. */
import type { Network } from '../../harness/network.ts';
import type { ProcessContext } from '../../harness/scheduler.ts';
import type { SystemTracer } from '../../schema/trace.ts';
import type { HBaseConfig } from './config.ts';
import type { FileSystemPort, ZKWatcher } from './ports.ts';

export interface ServerDeps {
  network: Network;
  trace: SystemTracer;
  config: HBaseConfig;
  zk(ctx: ProcessContext): ZKWatcher;
  fs(ctx: ProcessContext): FileSystemPort;
  /** Planted bugs switched on for this run (system/bugs.ts). */
  bugs: ReadonlySet<string>;
  /** The assignment era the cluster runs (cluster-spec.ts AssignmentEra). */
  assignment: 'procedure' | 'zk';
  /** The fault injector's failpoint hook, or null while none is armed (then a failpoint costs one call). */
  failpoint(): FailpointHook | null;
}

/** Called at a named point in a process's code; the fault injector may crash or pause the process there. */
export type FailpointHook = (ctx: ProcessContext, name: string, detail: Record<string, unknown>) => void;
