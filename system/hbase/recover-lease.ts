/**
 * RecoverLeaseFSUtils.recoverFileLease, as HBase runs it before it reads a WAL another process may still hold
 * (WAL splitting, the procedure store's takeover): call recoverLease; if the file is not closed yet, wait
 * hbase.lease.recovery.first.pause, then call again; after that, between calls, wait hbase.lease.recovery.dfs.timeout
 * × attempt (a linear backoff), polling isFileClosed every hbase.lease.recovery.pause. After
 * hbase.lease.recovery.timeout it gives up and answers anyway — HBase logs "may be DATALOSS" and the caller reads
 * the file as it is. An IOException other than FileNotFoundException is only logged: the loop goes on.
 */
import type { ProcessContext } from '../../harness/scheduler.ts';
import type { HdfsClient } from '../hdfs/client.ts';
import type { HBaseConfig } from './config.ts';
import type { FsResult } from './ports.ts';

export type LeaseRecoveryConfig = Pick<HBaseConfig, 'leaseRecoveryTimeoutMs' | 'leaseRecoveryFirstPauseMs' | 'leaseRecoveryDfsTimeoutMs' | 'leaseRecoveryPauseMs'>;

/** `ok` with value true once recovered, false when it timed out ("may be DATALOSS"); FileNotFoundException as is. */
export function recoverFileLease(ctx: ProcessContext, client: HdfsClient, config: LeaseRecoveryConfig, path: string, done: (result: FsResult<boolean>) => void): void {
  new LeaseRecovery(ctx, client, config, path, done).attempt(0);
}

class LeaseRecovery {
  readonly #startMs: number;

  constructor(
    private readonly ctx: ProcessContext,
    private readonly client: HdfsClient,
    private readonly config: LeaseRecoveryConfig,
    private readonly path: string,
    private readonly done: (result: FsResult<boolean>) => void,
  ) {
    this.#startMs = ctx.now();
  }

  /** recoverDFSFileLease's loop body: one recoverLease call, then the pause for this attempt. */
  attempt(n: number): void {
    this.client.recoverLease(this.path, (r) => {
      if (!r.ok && r.error === 'FileNotFoundException') return this.done({ code: 'FileNotFoundException' });
      if (r.ok && r.value) return this.done({ code: 'ok', value: true });
      if (this.#timedOut()) return this.done({ code: 'ok', value: false });
      if (n === 0) return void this.ctx.setTimer(this.config.leaseRecoveryFirstPauseMs, () => this.attempt(1));
      this.#pollClosed(n, this.ctx.now());
    });
  }

  /** The wait between later attempts: dfs.timeout × attempt, checking isFileClosed every pause. */
  #pollClosed(n: number, since: number): void {
    if (this.ctx.now() - since >= this.config.leaseRecoveryDfsTimeoutMs * n) return this.attempt(n + 1);
    this.ctx.setTimer(this.config.leaseRecoveryPauseMs, () =>
      this.client.isFileClosed(this.path, (r) => {
        if (r.ok && r.value) return this.done({ code: 'ok', value: true });
        this.#pollClosed(n, since);
      }),
    );
  }

  /** checkIfTimedout: past hbase.lease.recovery.timeout since the first call. */
  #timedOut(): boolean {
    return this.ctx.now() - this.#startMs > this.config.leaseRecoveryTimeoutMs;
  }
}
