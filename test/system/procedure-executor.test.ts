import { describe, expect, test } from 'vitest';
import { Simulation } from '../../harness/simulation.ts';
import { tracer, type SystemTraceEvent } from '../../schema/trace.ts';
import { ProcedureExecutor, type ProcedureStore } from '../../system/master/procedure/executor.ts';
import { Procedure, type ProcedureRecord, type StepControl } from '../../system/master/procedure/procedure.ts';

/** An in-memory durable store that can "crash" the executor after the N-th durable write. */
class MemoryStore implements ProcedureStore {
  records = new Map<number, ProcedureRecord>();
  writes = 0;
  constructor(private readonly crashAfterWrite = Infinity, private readonly onCrash: () => void = () => {}) {}
  write(records: ProcedureRecord[], done: () => void): void {
    if (this.writes >= this.crashAfterWrite) return; // the process is gone: nothing more is durable
    for (const r of records) this.records.set(r.procId, structuredClone(r));
    this.writes++;
    if (this.writes === this.crashAfterWrite) this.onCrash();
    else done();
  }
}

interface Env {
  effects: string[];
}

/** A three-state machine whose effects are idempotent per state (as HBase requires). */
class CountingProcedure extends Procedure<Env> {
  readonly type = 'Counting';
  step: 'ONE' | 'TWO' | 'THREE' = 'ONE';
  constructor(readonly name: string, readonly lock = 'table:t') {
    super();
  }
  get state() {
    return `COUNT_${this.step}`;
  }
  toData() {
    return { name: this.name, step: this.step, lock: this.lock };
  }
  override locks() {
    return [this.lock];
  }
  execute(env: Env, control: StepControl): void {
    const effect = `${this.name}:${this.step}`;
    if (!env.effects.includes(effect)) env.effects.push(effect);
    if (this.step === 'ONE') this.step = 'TWO';
    else if (this.step === 'TWO') this.step = 'THREE';
    else return control.finish();
    control.next();
  }
}

class ParentProcedure extends Procedure<Env> {
  readonly type = 'Parent';
  phase: 'SPAWN' | 'DONE' = 'SPAWN';
  get state() {
    return `PARENT_${this.phase}`;
  }
  toData() {
    return { phase: this.phase };
  }
  override locks() {
    return ['table:t'];
  }
  execute(env: Env, control: StepControl): void {
    if (this.phase === 'SPAWN') {
      this.phase = 'DONE';
      // Children take the same lock: they inherit it from their parent.
      return control.addChildren([new CountingProcedure('c1') as never, new CountingProcedure('c2') as never]);
    }
    env.effects.push('parent:done');
    control.finish();
  }
}

function deserialize(r: ProcedureRecord): Procedure<Env> {
  const d = r.data as Record<string, string>;
  if (r.type === 'Parent') return Object.assign(new ParentProcedure(), { phase: d.phase });
  return Object.assign(new CountingProcedure(d.name as string, d.lock), { step: d.step });
}

function run(store: MemoryStore, env: Env, submit: (ex: ProcedureExecutor<Env>) => void, load = false, beforePersist?: (p: Procedure<never>) => void) {
  const sim = new Simulation({ seed: 1 });
  const ctx = sim.scheduler.spawn('master', () => {});
  const ex = new ProcedureExecutor<Env>(ctx, env, store, tracer<SystemTraceEvent>(sim.trace), { retrySleepMs: 10, retryMaxSleepMs: 100, ...(beforePersist ? { beforePersist } : {}) });
  if (load) ex.load([...store.records.values()], deserialize);
  submit(ex);
  ex.start();
  sim.scheduler.runUntil(10_000);
  return { ex, sim };
}

describe('ProcedureExecutor', () => {
  test('runs a state machine to the end, persisting every step', () => {
    const store = new MemoryStore();
    const env: Env = { effects: [] };
    const { ex } = run(store, env, (ex) => ex.submit(new CountingProcedure('a')));
    expect(env.effects).toEqual(['a:ONE', 'a:TWO', 'a:THREE']);
    expect(ex.active()).toEqual([]);
    expect(store.records.get(1)).toMatchObject({ status: 'SUCCESS', state: 'COUNT_THREE' });
    expect(store.writes).toBe(4); // insert + ONE→TWO + TWO→THREE + SUCCESS
  });

  test('a parent waits for its children, which inherit its lock', () => {
    const store = new MemoryStore();
    const env: Env = { effects: [] };
    run(store, env, (ex) => ex.submit(new ParentProcedure()));
    expect(env.effects.at(-1)).toBe('parent:done');
    expect(env.effects.filter((e) => e.startsWith('c'))).toHaveLength(6);
    expect([...store.records.values()].map((r) => r.status)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS']);
  });

  test('an exclusive lock serialises two procedures on one table', () => {
    const store = new MemoryStore();
    const env: Env = { effects: [] };
    run(store, env, (ex) => {
      ex.submit(new CountingProcedure('a'));
      ex.submit(new CountingProcedure('b'));
    });
    expect(env.effects).toEqual(['a:ONE', 'a:TWO', 'a:THREE', 'b:ONE', 'b:TWO', 'b:THREE']);
  });

  test('different locks run concurrently', () => {
    const env: Env = { effects: [] };
    run(new MemoryStore(), env, (ex) => {
      ex.submit(new CountingProcedure('a', 'table:a'));
      ex.submit(new CountingProcedure('b', 'table:b'));
    });
    expect(env.effects.slice(0, 2)).toEqual(['a:ONE', 'b:ONE']);
  });

  test('killed after every durable write in turn, a new executor resumes and reaches the same end (each step may run twice)', () => {
    const reference: Env = { effects: [] };
    const full = new MemoryStore();
    run(full, reference, (ex) => ex.submit(new ParentProcedure()));
    for (let crashAt = 1; crashAt < full.writes; crashAt++) {
      const store = new MemoryStore(crashAt);
      const env: Env = { effects: [] };
      run(store, env, (ex) => ex.submit(new ParentProcedure()));
      const resumed = new MemoryStore();
      resumed.records = store.records;
      run(resumed, env, () => {}, true);
      expect(new Set(env.effects), `crash after write ${crashAt}`).toEqual(new Set(reference.effects));
      expect([...resumed.records.values()].every((r) => r.status === 'SUCCESS'), `crash after write ${crashAt}`).toBe(true);
    }
  });

  test('beforePersist comes after a step ran and before its outcome is stored (killBeforeStoreUpdate), for every persisted outcome', () => {
    const store = new MemoryStore();
    const env: Env = { effects: [] };
    const seen: string[] = [];
    run(store, env, (ex) => ex.submit(new ParentProcedure()), false, (p) => {
      // The step's effect happened and its next state is set in memory; the store still holds the previous one.
      seen.push(`${p.procId}:${store.records.get(p.procId)?.state}->${p.state}/${p.status}`);
    });
    expect(seen).toEqual([
      '1:PARENT_SPAWN->PARENT_DONE/RUNNABLE',
      '2:COUNT_ONE->COUNT_TWO/RUNNABLE',
      '3:COUNT_ONE->COUNT_TWO/RUNNABLE',
      '2:COUNT_TWO->COUNT_THREE/RUNNABLE',
      '3:COUNT_TWO->COUNT_THREE/RUNNABLE',
      '2:COUNT_THREE->COUNT_THREE/SUCCESS',
      '3:COUNT_THREE->COUNT_THREE/SUCCESS',
      '1:PARENT_DONE->PARENT_DONE/SUCCESS',
    ]);
  });

  test('children whose parent has no record in the store are loaded as corrupt and never run (ProcedureTree.checkOrphan)', () => {
    const store = new MemoryStore(3); // the master is gone after its third durable write: parent waiting, children under way
    const env: Env = { effects: [] };
    run(store, env, (ex) => ex.submit(new ParentProcedure()));
    expect([...store.records.values()].map((r) => `${r.procId}:${r.status}`)).toEqual(['1:WAITING', '2:RUNNABLE', '3:RUNNABLE']);
    const resumed = new MemoryStore();
    resumed.records = new Map([...store.records].filter(([procId]) => procId !== 1));
    const after: Env = { effects: [] };
    const { ex, sim } = run(resumed, after, () => {}, true);
    expect(after.effects).toEqual([]);
    expect(ex.active()).toEqual([]);
    expect(sim.trace.events.filter((e) => e.type === 'procedure.corrupt').map((e) => e.procId)).toEqual([2, 3]);
  });

  test('a retried step backs off exponentially and is not persisted', () => {
    class Flaky extends Procedure<Env> {
      readonly type = 'Flaky';
      tries = 0;
      get state() {
        return 'FLAKY';
      }
      toData() {
        return {};
      }
      execute(env: Env, control: StepControl) {
        env.effects.push(`try@${this.tries++}`);
        if (this.tries < 4) return control.retry('not yet');
        control.finish();
      }
    }
    const store = new MemoryStore();
    const env: Env = { effects: [] };
    const { sim } = run(store, env, (ex) => ex.submit(new Flaky()));
    const retries = sim.trace.events.filter((e) => e.type === 'procedure.retry').map((e) => e.backoffMs);
    expect(retries).toEqual([10, 20, 40]);
    expect(store.writes).toBe(2); // insert and SUCCESS only
  });
});
