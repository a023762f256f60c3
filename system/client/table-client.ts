/**
 * The client's single-row operations with HBase's retry loop (AsyncRpcRetryingCaller, HBASE.md §7):
 * up to `retries + 1` attempts, sleeping pause × RETRY_BACKOFF[tries] (+ ≤1% jitter) between them, all within
 * the operation timeout. Every outcome is classified for the history:
 *
 *   ok    — the server acknowledged it.
 *   fail  — certainly no effect: every attempt was refused before it could apply (or it is a read).
 *   info  — unknown: some attempt may have reached a server and applied (a timeout, a failed WAL sync).
 */
import type { Network, RpcResult } from '../../harness/network.ts';
import type { ProcessContext } from '../../harness/scheduler.ts';
import type { RandomStream } from '../../harness/random.ts';
import { RETRY_BACKOFF, type HBaseConfig } from '../hbase/config.ts';
import { DO_NOT_RETRY, type ErrorResponse, type HBaseError } from '../hbase/exceptions.ts';
import { SERVICE, type CellValue } from '../hbase/protocol.ts';
import { processOf } from '../hbase/server-name.ts';
import type { LocateResult, RegionLocation, RegionLocator } from './region-locator.ts';

export type Outcome<T> = { type: 'ok'; value: T } | { type: 'fail'; error: string } | { type: 'info'; error: string };

// What each operation makes of a successful response: shared functions, not new closures per operation.
const valueOfGet = (response: unknown): CellValue => (response as { value: CellValue }).value;
const valueOfMutate = (): null => null;
const valueOfCheckAndMutate = (response: unknown): boolean => (response as { processed: boolean }).processed;

/** The outcome of an operation given up: unknown if a mutation may have applied, else failed. */
function giveUp<T>(uncertain: boolean, error: string, done: (outcome: Outcome<T>) => void): void {
  done(uncertain ? { type: 'info', error } : { type: 'fail', error });
}

/** What one operation asks of the region's server: the method and the request, given the region's encoded name. */
interface OperationSpec<T> {
  table: string;
  row: string;
  /** A put or a check-and-put: a failure may leave it applied (an `info` outcome). */
  mutation: boolean;
  method: string;
  request: (region: string) => unknown;
  valueOf: (response: unknown) => T;
  done: (outcome: Outcome<T>) => void;
}

export class TableClient {
  #nonce = 0;
  readonly #jitter: RandomStream;

  constructor(
    private readonly ctx: ProcessContext,
    private readonly network: Network,
    private readonly locator: RegionLocator,
    private readonly config: HBaseConfig,
  ) {
    this.#jitter = ctx.random('client-backoff');
  }

  get(table: string, row: string, done: (outcome: Outcome<CellValue>) => void): void {
    this.#run<CellValue>({ table, row, mutation: false, method: 'get', request: (region) => ({ region, row }), valueOf: valueOfGet, done });
  }

  put(table: string, row: string, value: CellValue, done: (outcome: Outcome<null>) => void): void {
    const nonce = this.#newNonce();
    this.#run<null>({ table, row, mutation: true, method: 'mutate', request: (region) => ({ region, row, value, nonce }), valueOf: valueOfMutate, done });
  }

  /** checkAndMutate (equals): ok with processed=false is a failed compare — still an observation. */
  checkAndPut(table: string, row: string, expected: CellValue, value: CellValue, done: (outcome: Outcome<boolean>) => void): void {
    const nonce = this.#newNonce();
    this.#run<boolean>({ table, row, mutation: true, method: 'checkAndMutate', request: (region) => ({ region, row, expected, value, nonce }), valueOf: valueOfCheckAndMutate, done });
  }

  #newNonce(): string {
    return `${this.ctx.id}#${this.ctx.incarnation}#${++this.#nonce}`;
  }

  #run<T>(spec: OperationSpec<T>): void {
    new RetryingCall<T>(this.ctx, this.network, this.locator, this.config, this.#jitter, spec).attempt();
  }
}

/**
 * One operation's retry loop: its state in fields and its steps as methods (the callbacks are made once per
 * operation, not once per attempt). Each attempt locates the row's region and calls its server; an error is
 * retried after the backoff unless HBase never retries it, the attempts are spent or the operation timed out.
 */
class RetryingCall<T> {
  readonly #deadline: number;
  #tries = 0;
  /** Some failed attempt may have applied (a mutation's outcome is then unknown, not failed). */
  #uncertain = false;
  #location: RegionLocation | null = null;

  constructor(
    private readonly ctx: ProcessContext,
    private readonly network: Network,
    private readonly locator: RegionLocator,
    private readonly config: HBaseConfig,
    private readonly jitter: RandomStream,
    private readonly spec: OperationSpec<T>,
  ) {
    this.#deadline = ctx.now() + config.clientOperationTimeoutMs;
  }

  readonly attempt = (): void => {
    this.#tries++;
    this.locator.locate(this.spec.table, this.spec.row, this.#located);
  };

  readonly #located = (located: LocateResult): void => {
    if (!located.ok) return this.#failed(located.error === 'NoServerForRegion' ? 'NotServingRegionException' : located.error, false);
    if (located.tableState === 'DISABLED' || located.tableState === 'DISABLING') return this.#failed('TableNotEnabledException', false);
    const location = located.location;
    this.#location = location;
    this.network.call<{ ok: true } | ErrorResponse>(this.ctx, processOf(location.server), SERVICE.client, this.spec.method, this.spec.request(location.region.encodedName), this.config.rpcTimeoutMs, this.#answered);
  };

  readonly #answered = (r: RpcResult<{ ok: true } | ErrorResponse>): void => {
    const location = this.#location as RegionLocation;
    if (!r.ok) {
      this.locator.onError(location, 'ConnectionError');
      return this.#failed('ConnectionError', true);
    }
    const response = r.value;
    if (response.ok) return this.spec.done({ type: 'ok', value: this.spec.valueOf(response) });
    this.locator.onError(location, response.error, response.destination);
    // A failed WAL sync may have reached the disk; every other refusal happened before anything applied.
    this.#failed(response.error, response.error === 'IOException');
  };

  #failed(error: HBaseError | 'ConnectionError', mayHaveApplied: boolean): void {
    const { mutation, done } = this.spec;
    this.#uncertain ||= mayHaveApplied;
    if (DO_NOT_RETRY.has(error as HBaseError)) return giveUp(mutation && this.#uncertain, error, done);
    const remaining = this.#deadline - this.ctx.now();
    const tries = this.#tries;
    if (tries >= this.config.clientRetries + 1 || remaining <= 0) return giveUp(mutation && this.#uncertain, `${error} after ${tries} attempts`, done);
    const base = this.config.clientPauseMs * (RETRY_BACKOFF[Math.min(tries - 1, RETRY_BACKOFF.length - 1)] as number);
    const sleep = Math.min(Math.round(base * (1 + 0.01 * this.jitter.float())), remaining);
    this.ctx.setTimer(sleep, this.attempt);
  }
}
