/**
 * The register workload (DESIGN.md §3): clients doing single-row read / write / compare-and-set over every row
 * of every table, recorded as a Jepsen history; and an admin process that creates the tables, then moves
 * regions, balances, and disables/enables a scratch table while the clients run. After `stopAt` the clients stop;
 * at `finalReadsAt` every row is read once more so that lost writes show up.
 *
 * Values are unique per write (client × counter), which keeps the linearizability search sharp; a cas expects
 * the value the client last saw for that row, so a fair share of them succeed.
 */
import type { ProcessContext, ProcessId } from '../harness/scheduler.ts';
import type { Simulation } from '../harness/simulation.ts';
import type { RandomStream } from '../harness/random.ts';
import { rowName, splitKeys, type ClusterSpec } from '../system/cluster-spec.ts';
import type { Cluster } from '../system/cluster.ts';
import { AdminClient } from '../system/client/admin-client.ts';
import { RegionLocator } from '../system/client/region-locator.ts';
import { TableClient, type Outcome } from '../system/client/table-client.ts';
import type { CellValue } from '../system/hbase/protocol.ts';
import type { WorkloadTraceEvent } from '../schema/events/workload.ts';

export interface RegisterWorkloadSpec {
  clients: number;
  /** Tables the clients use (every row of each); empty means every table of the cluster. */
  tables: string[];
  /** Relative weights of the operations. */
  mix: { read: number; write: number; cas: number };
  thinkTimeMs: { min: number; max: number };
  /** Random admin operations (move, balance, disable/enable of a scratch table) every this many ms; 0 = none. */
  adminIntervalMs: number;
  /** Admin operations at fixed times instead (each starts when the previous one ended, not before `atMs`). */
  adminScript: ScriptedAdminOp[];
}

export type ScriptedAdminOp =
  | { atMs: number; op: 'createTable'; table: string; regions: number }
  | { atMs: number; op: 'disableTable' | 'enableTable'; table: string }
  | { atMs: number; op: 'move'; table: string; row: string }
  | { atMs: number; op: 'balance' };

export const DEFAULT_REGISTER_WORKLOAD: RegisterWorkloadSpec = {
  clients: 10,
  tables: [],
  mix: { read: 2, write: 2, cas: 1 },
  thinkTimeMs: { min: 5, max: 40 },
  adminIntervalMs: 4_000,
  adminScript: [],
};

export const SCRATCH_TABLE = 'scratch';

export interface WorkloadTimes {
  stopAt: number;
  finalReadsAt: number;
}

export function validateWorkload(spec: RegisterWorkloadSpec, cluster: ClusterSpec, path = 'workload'): void {
  if (!Number.isInteger(spec.clients) || spec.clients < 1) throw new Error(`${path}.clients must be an integer ≥ 1, got ${spec.clients}`);
  const weights = [spec.mix.read, spec.mix.write, spec.mix.cas];
  if (weights.some((w) => !(w >= 0)) || weights.every((w) => w === 0)) throw new Error(`${path}.mix must have non-negative weights, not all zero`);
  if (!(spec.thinkTimeMs.min >= 0 && spec.thinkTimeMs.max >= spec.thinkTimeMs.min)) throw new Error(`${path}.thinkTimeMs must be a range with 0 ≤ min ≤ max`);
  if (!(Number.isInteger(spec.adminIntervalMs) && spec.adminIntervalMs >= 0)) throw new Error(`${path}.adminIntervalMs must be a non-negative integer`);
  spec.tables.forEach((t, i) => {
    if (!cluster.tables.some((c) => c.name === t)) throw new Error(`${path}.tables[${i}]: unknown table ${JSON.stringify(t)} (cluster.tables has ${cluster.tables.map((c) => c.name).join(', ')})`);
  });
  spec.adminScript.forEach((step, i) => {
    if (!Number.isInteger(step.atMs) || step.atMs < 0) throw new Error(`${path}.adminScript[${i}].atMs must be a non-negative integer`);
    if (!['createTable', 'disableTable', 'enableTable', 'move', 'balance'].includes(step.op)) throw new Error(`${path}.adminScript[${i}].op: unknown admin operation ${JSON.stringify(step.op)}`);
    if (step.op === 'createTable' && !(Number.isInteger(step.regions) && step.regions >= 1 && step.regions <= cluster.rowsPerTable)) {
      throw new Error(`${path}.adminScript[${i}].regions must be an integer from 1 to cluster.rowsPerTable`);
    }
  });
  if (cluster.tables.some((t) => t.name === SCRATCH_TABLE)) throw new Error(`cluster.tables: '${SCRATCH_TABLE}' is reserved for the workload's admin operations`);
}

export class RegisterWorkload {
  readonly keys: Array<{ table: string; row: string }>;
  /** Each key's history name, made once: an operation looks it up instead of building the string again. */
  readonly #names = new Map<{ table: string; row: string }, string>();
  #ready = false;
  #nextProcess: number;
  readonly #startWaiters: Array<() => void> = [];

  constructor(
    private readonly sim: Simulation,
    private readonly cluster: Cluster,
    private readonly spec: RegisterWorkloadSpec,
    private readonly times: WorkloadTimes,
    /** Where this workload's history process numbers begin: clusters sharing a run must not share numbers. */
    private readonly processOffset = 0,
  ) {
    const used = spec.tables.length === 0 ? cluster.spec.tables : cluster.spec.tables.filter((t) => spec.tables.includes(t.name));
    this.keys = used.flatMap((t) => Array.from({ length: cluster.spec.rowsPerTable }, (_, i) => ({ table: t.name, row: rowName(i) })));
    for (const key of this.keys) this.#names.set(key, this.keyName(key));
    this.#nextProcess = processOffset + spec.clients;
    sim.scheduler.spawn(`${cluster.processPrefix}admin`, (ctx) => this.#admin(ctx));
    for (let c = 0; c < spec.clients; c++) sim.scheduler.spawn(`${cluster.processPrefix}client-${c + 1}`, (ctx) => this.#client(ctx, c));
  }

  /** The history key of a row: `table/row`, under `<cluster>:` when the cluster is named (one run, several clusters). */
  keyName(key: { table: string; row: string }): string {
    return this.cluster.name === undefined ? `${key.table}/${key.row}` : `${this.cluster.name}:${key.table}/${key.row}`;
  }

  get ready(): boolean {
    return this.#ready;
  }

  // ---- the admin process -------------------------------------------------------------------------------

  #admin(ctx: ProcessContext): void {
    const zk = this.cluster.zkFor(ctx);
    const admin = new AdminClient(ctx, this.sim.network, zk, this.cluster.spec.config);
    const locator = new RegionLocator(ctx, this.sim.network, zk, this.cluster.spec.config);
    const rng = ctx.random('admin');
    const trace = this.cluster.tracer<WorkloadTraceEvent>();
    const tables = [...this.cluster.spec.tables, { name: SCRATCH_TABLE, regions: 2 }];
    const run = (op: Parameters<AdminClient['execute']>[0], then: (o: Outcome<number>) => void) => {
      trace.emit('admin.invoke', { ...op });
      admin.execute(op, (outcome) => {
        trace.emit('admin.complete', { ...op, ...(outcome.type === 'ok' ? { outcome: outcome.type } : { outcome: outcome.type, error: outcome.error }) });
        then(outcome);
      });
    };
    const createNext = (i: number): void => {
      const t = tables[i];
      if (t === undefined) {
        this.#ready = true;
        trace.emit('workload.ready', {});
        for (const w of this.#startWaiters.splice(0)) w();
        if (this.spec.adminScript.length > 0) return scriptStep(0);
        if (this.spec.adminIntervalMs > 0) ctx.setTimer(this.spec.adminIntervalMs, adminLoop);
        return;
      }
      // Creating is retried until it sticks: TableExistsException means an earlier attempt did it.
      run({ op: 'createTable', table: t.name, splitKeys: splitKeys(this.cluster.spec.rowsPerTable, t.regions) }, (o) =>
        o.type === 'ok' || (o.type === 'fail' && o.error === 'TableExistsException') ? createNext(i + 1) : void ctx.setTimer(500, () => createNext(i)),
      );
    };
    const scriptStep = (i: number): void => {
      const step = this.spec.adminScript[i];
      if (step === undefined) return;
      const next = () => scriptStep(i + 1);
      ctx.setTimer(Math.max(0, step.atMs - ctx.now()), () => {
        switch (step.op) {
          case 'createTable':
            return run({ op: 'createTable', table: step.table, splitKeys: splitKeys(this.cluster.spec.rowsPerTable, step.regions) }, next);
          case 'disableTable':
          case 'enableTable':
            return run({ op: step.op, table: step.table }, next);
          case 'balance':
            return run({ op: 'balance' }, next);
          case 'move':
            return locator.locate(step.table, step.row, (located) => (located.ok ? run({ op: 'move', region: located.location.region.encodedName, destination: null }, next) : next()));
        }
      });
    };
    let scratchEnabled = true;
    const adminLoop = (): void => {
      if (ctx.now() >= this.times.stopAt) return;
      const next = () => ctx.setTimer(Math.round(this.spec.adminIntervalMs * (0.5 + rng.float())), adminLoop);
      const choice = rng.pick(['move', 'move', 'balance', 'toggle-scratch'] as const);
      if (choice === 'balance') return run({ op: 'balance' }, next);
      if (choice === 'toggle-scratch') {
        const op = scratchEnabled ? 'disableTable' : 'enableTable';
        return run({ op, table: SCRATCH_TABLE }, (o) => {
          if (o.type === 'ok') scratchEnabled = !scratchEnabled;
          next();
        });
      }
      const key = rng.pick(this.keys);
      locator.locate(key.table, key.row, (located) => {
        if (!located.ok) return next();
        const servers = this.cluster.regionServerIds;
        const target = rng.chance(0.5) ? null : this.#serverNameGuess(rng, servers);
        run({ op: 'move', region: located.location.region.encodedName, destination: target }, next);
      });
    };
    createNext(0);
  }

  /** A destination for a move: the current ServerName of a live RegionServer, if one is up. */
  #serverNameGuess(rng: RandomStream, servers: readonly ProcessId[]): string | null {
    const live = servers.map((id) => this.cluster.regionServer(id)?.serverName).filter((sn): sn is string => sn !== undefined);
    return live.length === 0 ? null : rng.pick(live);
  }

  // ---- client processes --------------------------------------------------------------------------------

  #client(ctx: ProcessContext, index: number): void {
    const zk = this.cluster.zkFor(ctx);
    const locator = new RegionLocator(ctx, this.sim.network, zk, this.cluster.spec.config);
    const table = new TableClient(ctx, this.sim.network, locator, this.cluster.spec.config);
    const rng = ctx.random('ops');
    const { history } = this.sim;
    const lastSeen = new Map<string, CellValue>();
    let process = this.processOffset + index;
    let counter = 0;
    const total = this.spec.mix.read + this.spec.mix.write + this.spec.mix.cas;
    const think = () => rng.int(this.spec.thinkTimeMs.min, this.spec.thinkTimeMs.max);

    const complete = (outcome: Outcome<unknown>, okValue: unknown, failValue: unknown) => {
      if (outcome.type === 'ok') history.ok(process, okValue);
      else if (outcome.type === 'fail') history.fail(process, failValue, outcome.error);
      else {
        history.info(process, failValue, outcome.error);
        process = this.#nextProcess++;
      }
    };

    const one = (key: { table: string; row: string }, f: 'read' | 'write' | 'cas', then: () => void) => {
      const name = this.#names.get(key) ?? this.keyName(key);
      if (f === 'read') {
        history.invoke(process, 'read', name, null);
        return table.get(key.table, key.row, (o) => {
          if (o.type === 'ok') lastSeen.set(name, o.value);
          complete(o, o.type === 'ok' ? o.value : null, null);
          then();
        });
      }
      const value = (index + 1) * 1_000_000 + ++counter;
      if (f === 'write') {
        history.invoke(process, 'write', name, value);
        return table.put(key.table, key.row, value, (o) => {
          if (o.type === 'ok') lastSeen.set(name, value);
          complete(o, value, value);
          then();
        });
      }
      const expected = lastSeen.get(name) ?? null;
      history.invoke(process, 'cas', name, [expected, value]);
      table.checkAndPut(key.table, key.row, expected, value, (o) => {
        if (o.type === 'ok' && o.value) {
          lastSeen.set(name, value);
          history.ok(process, [expected, value]);
        } else if (o.type === 'ok') {
          lastSeen.delete(name);
          history.fail(process, [expected, value], 'mismatch');
        } else complete(o, [expected, value], [expected, value]);
        then();
      });
    };

    const loop = () => {
      if (ctx.now() >= this.times.stopAt) return void ctx.setTimer(Math.max(0, this.times.finalReadsAt - ctx.now()), finalReads);
      const roll = rng.float() * total;
      const f = roll < this.spec.mix.read ? 'read' : roll < this.spec.mix.read + this.spec.mix.write ? 'write' : 'cas';
      one(rng.pick(this.keys), f, thinkThenLoop);
    };
    // After each operation: one function per client, not a new closure per operation.
    const thinkThenLoop = () => void ctx.setTimer(think(), loop);

    // Final reads: each client reads its share of the rows once, after the quiet phase.
    const finalReads = () => {
      const mine = this.keys.filter((_, i) => i % this.spec.clients === index);
      const next = (i: number): void => {
        const key = mine[i];
        if (key !== undefined) one(key, 'read', () => next(i + 1));
      };
      next(0);
    };

    const start = () => ctx.setTimer(think(), loop);
    if (this.#ready) start();
    else this.#startWaiters.push(start);
  }
}
