/**
 * ProcedureExecutor: runs procedures one step at a time, persisting each step's outcome before the next
 * step's effects (HBASE.md §3). Also the lock scheduler (table / region / server exclusive locks, inherited by
 * children) and the load path a new master takes to resume its predecessor's procedures.
 */
import type { ProcessContext } from '../../../harness/scheduler.ts';
import type { SystemTracer } from '../../../schema/trace.ts';
import type { ServerName } from '../../hbase/server-name.ts';
import { isFinished, type Procedure, type ProcedureRecord, type StepControl } from './procedure.ts';

/** Durable procedure storage. `write` calls back only once the batch is durable; on an unrecoverable sync
 *  failure the store aborts the master itself and never calls back (MasterProcWAL's rule). */
export interface ProcedureStore {
  write(records: ProcedureRecord[], done: () => void): void;
}

export interface ExecutorOptions {
  /** hbase.procedure.retry.sleep.interval.ms */
  retrySleepMs: number;
  /** hbase.procedure.retry.max.sleep.time.ms */
  retryMaxSleepMs: number;
  /** Called after a step's outcome is durable, before anything further happens (a failpoint site). */
  afterPersist?: (procedure: Procedure<never>) => void;
  /**
   * Called when a step has run (its effects happened, its next state is set in memory) and before its outcome
   * goes to the store — where ProcedureExecutor.execProcedure asks Testing.shouldKillBeforeStoreUpdate. A
   * master killed here reloads the previous state, so the step runs again (testRecoveryAndDoubleExecution).
   * As in HBase, a suspended step is no such point (killIfSuspended is false by default) and a child is
   * (killIfHasParent is true); a retry persists nothing either.
   */
  beforePersist?: (procedure: Procedure<never>) => void;
  /** Added to every procedure trace event (the master's name), so checkers can tell masters apart. */
  traceFields?: { master: ServerName };
}

type AnyProcedure = Procedure<never>;

export class ProcedureExecutor<Env> {
  readonly #procedures = new Map<number, AnyProcedure>();
  readonly #children = new Map<number, Set<number>>();
  readonly #lockHolders = new Map<string, number>();
  /** Procedures holding their locks, each with the keys it took (a child shares, and takes none of, its ancestors'). */
  readonly #holdsLocks = new Map<number, string[]>();
  #lockWaiters: AnyProcedure[] = [];
  readonly #scheduled = new Set<number>();
  /** Submitted procedures whose insert is not durable yet, with who waits for it. */
  readonly #inserting = new Map<number, Array<() => void>>();
  #nextProcId = 1;
  #started = false;
  #stopped = false;

  constructor(
    private readonly ctx: ProcessContext,
    private readonly env: Env,
    private readonly store: ProcedureStore,
    private readonly trace: SystemTracer,
    private readonly options: ExecutorOptions,
  ) {}

  get started(): boolean {
    return this.#started;
  }

  get(procId: number): Procedure<Env> | undefined {
    return this.#procedures.get(procId) as Procedure<Env> | undefined;
  }

  /** Unfinished procedures, in procId order. */
  active(): Procedure<Env>[] {
    return [...this.#procedures.values()].filter((p) => !isFinished(p)).sort((a, b) => a.procId - b.procId) as Procedure<Env>[];
  }

  /** Unfinished children of a procedure, in procId order. */
  childrenOf(procId: number): Procedure<Env>[] {
    return [...(this.#children.get(procId) ?? [])].sort((a, b) => a - b).map((id) => this.#procedures.get(id) as unknown as Procedure<Env>);
  }

  findByNonce(nonce: string): Procedure<Env> | undefined {
    for (const p of this.#procedures.values()) if (p.nonce === nonce) return p as Procedure<Env>;
    return undefined;
  }

  /**
   * Rebuild from the store's records at master failover. Unfinished procedures get their locks back (root
   * first, HBASE-20846) and run once start() is called; a parent whose children all finished is runnable again.
   */
  load(records: readonly ProcedureRecord[], deserialize: (record: ProcedureRecord) => Procedure<Env>): void {
    const sorted = [...records].sort((a, b) => a.procId - b.procId);
    const orphans = orphansOf(sorted);
    for (const record of sorted) {
      if (orphans.has(record.procId)) {
        // ProcedureTree.checkOrphan: its root is not in the store, so handleCorrupted logs it and nothing runs it.
        this.trace.emit('procedure.corrupt', { ...this.options.traceFields, procId: record.procId, procedure: record.type, state: record.state, reason: `orphan: no record of its parent pid=${record.parentId}` });
        this.#nextProcId = Math.max(this.#nextProcId, record.procId + 1);
        continue;
      }
      const p = deserialize(record) as unknown as AnyProcedure;
      p.procId = record.procId;
      p.parentId = record.parentId;
      p.status = record.status === 'WAITING_TIMEOUT' ? 'RUNNABLE' : record.status;
      p.error = record.error;
      p.nonce = record.nonce;
      this.#procedures.set(p.procId, p);
      this.#nextProcId = Math.max(this.#nextProcId, p.procId + 1);
      this.trace.emit('procedure.loaded', { ...this.options.traceFields, procId: p.procId, procedure: p.type, state: p.state, status: p.status });
    }
    for (const p of this.#procedures.values()) {
      if (p.parentId !== null && !isFinished(p)) this.#childSet(p.parentId).add(p.procId);
    }
    for (const p of this.#procedures.values()) {
      if (p.status === 'WAITING' && (this.#children.get(p.procId)?.size ?? 0) === 0) p.status = 'RUNNABLE';
      if (!isFinished(p)) this.#tryLock(p);
    }
  }

  /** Start the workers (HMaster.startServiceThreads): loaded and queued procedures begin to run. */
  start(): void {
    this.#started = true;
    // A procedure submitted before the start whose insert is not yet durable is queued by its insert's completion
    // (submitProcedure: store.insert, then scheduler.addBack) — queuing it here too would run its steps twice at once.
    for (const p of this.active()) if (p.status === 'RUNNABLE' && !this.#inserting.has(p.procId)) this.#schedule(p as unknown as AnyProcedure);
  }

  stop(): void {
    this.#stopped = true;
  }

  /** Persist a new root (or child) procedure and queue it. Returns its procId. */
  submit(procedure: Procedure<Env>, onPersisted?: () => void): number {
    const p = procedure as unknown as AnyProcedure;
    p.procId = this.#nextProcId++;
    p.status = 'RUNNABLE';
    this.#procedures.set(p.procId, p);
    this.trace.emit('procedure.submitted', { ...this.options.traceFields, procId: p.procId, procedure: p.type, state: p.state });
    this.#inserting.set(p.procId, onPersisted === undefined ? [] : [onPersisted]);
    this.store.write([p.record()], () => {
      const waiting = this.#inserting.get(p.procId) ?? [];
      this.#inserting.delete(p.procId);
      for (const w of waiting) w();
      this.#schedule(p);
    });
    return p.procId;
  }

  /**
   * Calls back once the procedure's insert is durable (at once if it is). A procId must not leave the master
   * before that: a failover would forget it, and the new master could give the same id to another procedure.
   */
  whenPersisted(procId: number, done: () => void): void {
    const waiting = this.#inserting.get(procId);
    if (waiting === undefined) done();
    else waiting.push(done);
  }

  /** Persist a procedure outside its own step (a RegionServer's report, HBASE-22074), then call back. */
  update(procedure: Procedure<Env>, done: () => void): void {
    this.#persist([procedure as unknown as AnyProcedure], done);
  }

  /** Wake a suspended procedure (an event it waited for happened). */
  wake(procedure: Procedure<Env>): void {
    const p = procedure as unknown as AnyProcedure;
    if (p.status !== 'WAITING' || (this.#children.get(p.procId)?.size ?? 0) > 0) return;
    p.status = 'RUNNABLE';
    this.#schedule(p);
  }

  // ---- the step loop -------------------------------------------------------------------------------------

  #schedule(p: AnyProcedure): void {
    if (!this.#started || this.#stopped || this.#scheduled.has(p.procId)) return;
    this.#scheduled.add(p.procId);
    this.ctx.setTimer(0, () => {
      this.#scheduled.delete(p.procId);
      this.#runStep(p);
    });
  }

  #runStep(p: AnyProcedure): void {
    if (this.#stopped || p.status !== 'RUNNABLE') return;
    if (!this.#tryLock(p)) {
      if (!this.#lockWaiters.includes(p)) this.#lockWaiters.push(p);
      return;
    }
    this.trace.emit('procedure.step', { ...this.options.traceFields, procId: p.procId, procedure: p.type, state: p.state });
    let used = false;
    const once = (what: string) => {
      if (used) throw new Error(`${p} called StepControl.${what} after its step had already ended`);
      used = true;
    };
    const control: StepControl = {
      next: () => {
        once('next');
        p.attempts = 0;
        this.options.beforePersist?.(p);
        this.#persist([p], () => this.#schedule(p));
      },
      addChildren: (children) => {
        once('addChildren');
        p.attempts = 0;
        this.options.beforePersist?.(p);
        if (children.length === 0) return this.#persist([p], () => this.#schedule(p));
        p.status = 'WAITING';
        const set = this.#childSet(p.procId);
        for (const child of children) {
          child.procId = this.#nextProcId++;
          child.parentId = p.procId;
          child.status = 'RUNNABLE';
          this.#procedures.set(child.procId, child);
          set.add(child.procId);
        }
        this.#persist([p, ...children.map((c) => c)], () => {
          for (const child of children) this.#schedule(child);
        });
      },
      suspend: () => {
        once('suspend');
        p.status = 'WAITING';
      },
      retry: (reason) => {
        once('retry');
        p.attempts++;
        const backoff = Math.min(this.options.retrySleepMs * 2 ** Math.min(p.attempts - 1, 20), this.options.retryMaxSleepMs);
        p.status = 'WAITING_TIMEOUT';
        this.trace.emit('procedure.retry', { ...this.options.traceFields, procId: p.procId, procedure: p.type, state: p.state, backoffMs: backoff, reason });
        this.ctx.setTimer(backoff, () => {
          if (p.status !== 'WAITING_TIMEOUT') return;
          p.status = 'RUNNABLE';
          this.#schedule(p);
        });
      },
      finish: () => {
        once('finish');
        p.status = 'SUCCESS';
        this.options.beforePersist?.(p);
        this.#persist([p], () => this.#completed(p));
      },
      fail: (error) => {
        once('fail');
        p.status = 'FAILED';
        p.error = error;
        this.options.beforePersist?.(p);
        this.#persist([p], () => this.#completed(p));
      },
    };
    p.execute(this.env as never, control);
  }

  #persist(procedures: AnyProcedure[], then: () => void): void {
    this.store.write(
      procedures.map((p) => p.record()),
      () => {
        if (this.#stopped) return;
        for (const p of procedures) this.options.afterPersist?.(p);
        then();
      },
    );
  }

  #completed(p: AnyProcedure): void {
    this.trace.emit('procedure.finished', { ...this.options.traceFields, procId: p.procId, procedure: p.type, result: p.status, ...(p.error ? { error: p.error } : {}) });
    this.#releaseLocks(p);
    if (p.parentId === null) return;
    const parent = this.#procedures.get(p.parentId);
    const siblings = this.#children.get(p.parentId);
    siblings?.delete(p.procId);
    if (parent === undefined) return;
    parent.onChildFinished(p as never);
    if ((siblings?.size ?? 0) === 0 && parent.status === 'WAITING') {
      parent.status = 'RUNNABLE';
      this.#persist([parent], () => this.#schedule(parent));
    }
  }

  // ---- locks ---------------------------------------------------------------------------------------------

  /** A procedure holds its locks for its whole life; children share their ancestors' locks. */
  #tryLock(p: AnyProcedure): boolean {
    if (this.#holdsLocks.has(p.procId)) return true;
    const keys = p.locks();
    const lineage = this.#lineage(p);
    for (const key of keys) {
      const holder = this.#lockHolders.get(key);
      if (holder !== undefined && !lineage.has(holder)) return false;
    }
    const taken: string[] = [];
    for (const key of keys) {
      if (this.#lockHolders.has(key)) continue;
      this.#lockHolders.set(key, p.procId);
      taken.push(key);
    }
    this.#holdsLocks.set(p.procId, taken);
    return true;
  }

  #releaseLocks(p: AnyProcedure): void {
    const taken = this.#holdsLocks.get(p.procId);
    if (taken === undefined) return;
    this.#holdsLocks.delete(p.procId);
    // Only the keys this procedure took, not a scan of every lock held in the cluster (which grew with regions).
    for (const key of taken) if (this.#lockHolders.get(key) === p.procId) this.#lockHolders.delete(key);
    const waiters = this.#lockWaiters;
    this.#lockWaiters = [];
    for (const w of waiters) this.#schedule(w);
  }

  #lineage(p: AnyProcedure): Set<number> {
    const ids = new Set<number>();
    let current: AnyProcedure | undefined = p;
    while (current !== undefined) {
      ids.add(current.procId);
      current = current.parentId === null ? undefined : this.#procedures.get(current.parentId);
    }
    return ids;
  }

  #childSet(parentId: number): Set<number> {
    let set = this.#children.get(parentId);
    if (set === undefined) {
      set = new Set();
      this.#children.set(parentId, set);
    }
    return set;
  }
}

/** Unfinished procedures whose chain of parents leads to a procId the store holds no record of. */
function orphansOf(records: readonly ProcedureRecord[]): Set<number> {
  const byId = new Map(records.map((r) => [r.procId, r] as const));
  const orphans = new Set<number>();
  for (const record of records) {
    if (isFinished(record)) continue;
    let current: ProcedureRecord | undefined = record;
    while (current !== undefined && current.parentId !== null) current = byId.get(current.parentId);
    if (current === undefined) orphans.add(record.procId);
  }
  return orphans;
}

