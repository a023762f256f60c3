/**
 * The Admin client: finds the active master through /hbase/master, submits a DDL or move with a nonce (so a
 * retried submission returns the same procedure), and waits for the procedure's result. PleaseHoldException
 * (master initialising), MasterNotRunningException (a backup, or a stale pointer) and connection errors are
 * retried with the client's backoff until the operation timeout.
 */
import type { Network } from '../../harness/network.ts';
import type { ProcessContext } from '../../harness/scheduler.ts';
import { RETRY_BACKOFF, type HBaseConfig } from '../hbase/config.ts';
import { DO_NOT_RETRY, type HBaseError } from '../hbase/exceptions.ts';
import { layoutOf } from '../hbase/paths.ts';
import type { ZKWatcher } from '../hbase/ports.ts';
import { SERVICE, type AdminRequest, type AdminSubmitResponse, type ProcedureResultResponse } from '../hbase/protocol.ts';
import { processOf, type ServerName } from '../hbase/server-name.ts';
import type { Outcome } from './table-client.ts';

type AdminOp = AdminRequest extends infer R ? (R extends AdminRequest ? Omit<R, 'nonce'> : never) : never;

export class AdminClient {
  #nonce = 0;

  constructor(
    private readonly ctx: ProcessContext,
    private readonly network: Network,
    private readonly zk: ZKWatcher,
    private readonly config: HBaseConfig,
  ) {}

  /** Submit and wait: ok once the procedure succeeded; fail if it failed or was refused; info if unknown. */
  execute(op: AdminOp, done: (outcome: Outcome<number>) => void): void {
    const request = { ...op, nonce: `${this.ctx.id}#${this.ctx.incarnation}#admin-${++this.#nonce}` } as AdminRequest;
    const deadline = this.ctx.now() + this.config.clientOperationTimeoutMs * 4;
    let submitted = false;
    const retryOrGiveUp = (tries: number, error: string, again: (tries: number) => void) => {
      const remaining = deadline - this.ctx.now();
      if (remaining <= 0) return done(submitted ? { type: 'info', error } : { type: 'fail', error });
      const sleep = Math.min(this.config.clientPauseMs * (RETRY_BACKOFF[Math.min(tries - 1, RETRY_BACKOFF.length - 1)] as number), remaining);
      this.ctx.setTimer(sleep, () => again(tries + 1));
    };
    const submit = (tries: number): void => {
      this.#callMaster<AdminSubmitResponse>('admin', request, (response, error) => {
        if (response === null) {
          submitted = true; // a lost reply may hide a submitted procedure
          return retryOrGiveUp(tries, error, submit);
        }
        if (response.ok) {
          submitted = true;
          if (request.op === 'balance') return done({ type: 'ok', value: 0 });
          return poll(response.procId, 1);
        }
        if (DO_NOT_RETRY.has(response.error as HBaseError)) return done(submitted ? { type: 'info', error: response.error } : { type: 'fail', error: response.error });
        retryOrGiveUp(tries, response.error, submit);
      });
    };
    const poll = (procId: number, tries: number): void => {
      this.#callMaster<ProcedureResultResponse>('getProcedureResult', { procId }, (response, error) => {
        if (response?.ok && response.state === 'SUCCESS') return done({ type: 'ok', value: procId });
        if (response?.ok && response.state === 'FAILED') return done({ type: 'fail', error: response.error ?? 'procedure failed' });
        retryOrGiveUp(Math.min(tries, 3), response === null ? error : response.ok ? response.state : response.error, (t) => poll(procId, t));
      });
    };
    submit(1);
  }

  #callMaster<R>(method: string, payload: unknown, done: (response: R | null, error: string) => void): void {
    this.zk.getData(layoutOf(this.config).znode.master, false, (r) => {
      const master = r.code === 'ok' ? (r.value?.data as { server: ServerName } | undefined)?.server : undefined;
      if (master === undefined) return done(null, 'MasterNotRunningException');
      this.network.call<R>(this.ctx, processOf(master), SERVICE.master, method, payload, this.config.rpcTimeoutMs, (res) => (res.ok ? done(res.value, 'ok') : done(null, 'ConnectionError')));
    });
  }
}
