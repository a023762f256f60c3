/**
 * The client's single-row operations with HBase's retry loop (AsyncRpcRetryingCaller, HBASE.md §7):
 * up to `retries + 1` attempts, sleeping pause × RETRY_BACKOFF[tries] (+ ≤1% jitter) between them, all within
 * the operation timeout. Every outcome is classified for the history:
 *
 *   ok    — the server acknowledged it.
 *   fail  — certainly no effect: every attempt was refused before it could apply (or it is a read).
 *   info  — unknown: some attempt may have reached a server and applied (a timeout, a failed WAL sync).
 */
import type { Network } from '../../harness/network.ts';
import type { ProcessContext } from '../../harness/scheduler.ts';
import type { RandomStream } from '../../harness/random.ts';
import { RETRY_BACKOFF, type HBaseConfig } from '../hbase/config.ts';
import { DO_NOT_RETRY, type ErrorResponse, type HBaseError } from '../hbase/exceptions.ts';
import { SERVICE, type CellValue } from '../hbase/protocol.ts';
import { processOf } from '../hbase/server-name.ts';
import type { RegionLocation, RegionLocator } from './region-locator.ts';

export type Outcome<T> = { type: 'ok'; value: T } | { type: 'fail'; error: string } | { type: 'info'; error: string };

// What each operation makes of a successful response: shared functions, not new closures per operation.
const valueOfGet = (response: unknown): CellValue => (response as { value: CellValue }).value;
const valueOfMutate = (): null => null;
const valueOfCheckAndMutate = (response: unknown): boolean => (response as { processed: boolean }).processed;

/** The outcome of an operation given up: unknown if a mutation may have applied, else failed. */
function giveUp<T>(uncertain: boolean, error: string, done: (outcome: Outcome<T>) => void): void {
  done(uncertain ? { type: 'info', error } : { type: 'fail', error });
}

type Attempt<T> = { kind: 'ok'; value: T } | { kind: 'error'; error: HBaseError | 'ConnectionError'; destination?: string; mayHaveApplied: boolean };

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
    this.#withRetries<CellValue>(table, row, false, 'get', (region) => ({ region, row }), valueOfGet, done);
  }

  put(table: string, row: string, value: CellValue, done: (outcome: Outcome<null>) => void): void {
    const nonce = this.#newNonce();
    this.#withRetries<null>(table, row, true, 'mutate', (region) => ({ region, row, value, nonce }), valueOfMutate, done);
  }

  /** checkAndMutate (equals): ok with processed=false is a failed compare — still an observation. */
  checkAndPut(table: string, row: string, expected: CellValue, value: CellValue, done: (outcome: Outcome<boolean>) => void): void {
    const nonce = this.#newNonce();
    this.#withRetries<boolean>(table, row, true, 'checkAndMutate', (region) => ({ region, row, expected, value, nonce }), valueOfCheckAndMutate, done);
  }

  #newNonce(): string {
    return `${this.ctx.id}#${this.ctx.incarnation}#${++this.#nonce}`;
  }

  #withRetries<T>(
    table: string,
    row: string,
    mutation: boolean,
    method: string,
    request: (region: string) => unknown,
    valueOf: (response: unknown) => T,
    done: (outcome: Outcome<T>) => void,
  ): void {
    const deadline = this.ctx.now() + this.config.clientOperationTimeoutMs;
    const maxAttempts = this.config.clientRetries + 1;
    const jitter = this.#jitter;
    let uncertain = false;
    let lastError = 'none';
    const attempt = (tries: number): void => {
      this.#attempt<T>(table, row, method, request, valueOf, (result) => {
        if (result.kind === 'ok') return done({ type: 'ok', value: result.value });
        uncertain ||= result.mayHaveApplied;
        lastError = result.error;
        if (DO_NOT_RETRY.has(result.error as HBaseError)) return giveUp(mutation && uncertain, result.error, done);
        const remaining = deadline - this.ctx.now();
        if (tries >= maxAttempts || remaining <= 0) return giveUp(mutation && uncertain, `${lastError} after ${tries} attempts`, done);
        const base = this.config.clientPauseMs * (RETRY_BACKOFF[Math.min(tries - 1, RETRY_BACKOFF.length - 1)] as number);
        const sleep = Math.min(Math.round(base * (1 + 0.01 * jitter.float())), remaining);
        this.ctx.setTimer(sleep, () => attempt(tries + 1));
      });
    };
    attempt(1);
  }

  #attempt<T>(table: string, row: string, method: string, request: (region: string) => unknown, valueOf: (response: unknown) => T, done: (result: Attempt<T>) => void): void {
    this.locator.locate(table, row, (located) => {
      if (!located.ok) return done({ kind: 'error', error: located.error === 'NoServerForRegion' ? 'NotServingRegionException' : located.error, mayHaveApplied: false });
      if (located.tableState === 'DISABLED' || located.tableState === 'DISABLING') return done({ kind: 'error', error: 'TableNotEnabledException', mayHaveApplied: false });
      const location: RegionLocation = located.location;
      this.network.call<{ ok: true } | ErrorResponse>(this.ctx, processOf(location.server), SERVICE.client, method, request(location.region.encodedName), this.config.rpcTimeoutMs, (r) => {
        if (!r.ok) {
          this.locator.onError(location, 'ConnectionError');
          return done({ kind: 'error', error: 'ConnectionError', mayHaveApplied: true });
        }
        const response = r.value;
        if (response.ok) return done({ kind: 'ok', value: valueOf(response) });
        this.locator.onError(location, response.error, response.destination);
        // A failed WAL sync may have reached the disk; every other refusal happened before anything applied.
        done({ kind: 'error', error: response.error, destination: response.destination, mayHaveApplied: response.error === 'IOException' });
      });
    });
  }
}
