/**
 * Histories for the checker's tests: linearizable by construction (clients of a real atomic register, each
 * operation applied at one instant between its invocation and completion) and certainly illegal mutations of
 * them. Random ones for the brute-force comparison are in random-histories.ts.
 */
import fc from 'fast-check';
import type { HistoryOp, OpType } from '../../../harness/history.ts';

export interface Recorder {
  ops: HistoryOp[];
  record(process: number, type: OpType, f: string, key: string, value: unknown, error?: string): void;
}

export function recorder(): Recorder {
  const ops: HistoryOp[] = [];
  return {
    ops,
    record(process, type, f, key, value, error) {
      const op: HistoryOp = { index: ops.length, time: ops.length * 10, process, type, f, key, value };
      if (error !== undefined) op.error = error;
      ops.push(op);
    },
  };
}

type Register = number | null;

interface Client {
  process: number;
  phase: 'idle' | 'invoked' | 'applied';
  f?: 'read' | 'write' | 'cas';
  key?: string;
  input?: unknown;
  result?: unknown;
  /** A cas whose compare failed: it completes as fail/mismatch. */
  mismatch?: boolean;
  /** Ends in info (or never completes) instead of ok/fail. */
  lost?: boolean;
}

/** One scheduling decision of the simulated clients, drawn by fast-check. */
export interface Choice {
  client: number;
  op: number;
  old: number;
  lose: number;
}

export interface RegisterRunOptions {
  clients: number;
  keys: readonly string[];
  /** Writes and cas carry values unique in the history (so a value names the operation that wrote it). */
  uniqueValues?: boolean;
  /** Writes instead of cas, for the plain register. */
  noCas?: boolean;
}

/**
 * Runs clients against real atomic registers, following `choices`: each choice advances one client (invoke,
 * take effect, complete). Some operations are lost: they end in `info` having taken effect or not, or never
 * complete. The result is linearizable by construction.
 */
export function registerRun(choices: readonly Choice[], options: RegisterRunOptions): HistoryOp[] {
  const rec = recorder();
  const registers = new Map<string, Register>();
  let nextProcess = 0;
  let nextValue = 1;
  const clients: Client[] = Array.from({ length: options.clients }, () => ({ process: nextProcess++, phase: 'idle' }));
  const written: number[] = [];
  for (const choice of choices) {
    const client = clients[choice.client % clients.length] as Client;
    const key = options.keys[choice.op % options.keys.length] as string;
    if (client.phase === 'idle') {
      const drawn = (['read', 'write', 'cas'] as const)[choice.op % 3] as 'read' | 'write' | 'cas';
      const f = options.noCas && drawn === 'cas' ? 'write' : drawn;
      client.f = f;
      client.key = key;
      client.lost = choice.lose % 7 === 0;
      const fresh = options.uniqueValues ? nextValue++ : choice.op % 4;
      const old = written.length > 0 && choice.old % 3 !== 0 ? (written[choice.old % written.length] as number) : choice.old % 4;
      client.input = f === 'read' ? null : f === 'write' ? fresh : [old, fresh];
      rec.record(client.process, 'invoke', f, key, client.input);
      client.phase = 'invoked';
      continue;
    }
    if (client.phase === 'invoked') {
      // Take effect now, unless this lost operation never takes effect at all.
      if (client.lost && choice.lose % 2 === 0) {
        finishLost(client);
        continue;
      }
      // A write that certainly failed: no effect, and the client carries on.
      if (client.f === 'write' && choice.lose % 5 === 1) {
        rec.record(client.process, 'fail', 'write', client.key as string, client.input, 'rejected');
        client.phase = 'idle';
        continue;
      }
      const current = registers.get(client.key as string) ?? null;
      if (client.f === 'read') client.result = current;
      else if (client.f === 'write') {
        registers.set(client.key as string, client.input as number);
        written.push(client.input as number);
      } else {
        const [old, next] = client.input as [number, number];
        client.mismatch = current !== old;
        if (!client.mismatch) {
          registers.set(client.key as string, next);
          written.push(next);
        }
      }
      client.phase = 'applied';
      continue;
    }
    finish(client);
  }
  return rec.ops;

  function finish(client: Client): void {
    if (client.lost) return finishLost(client);
    if (client.f === 'read') rec.record(client.process, 'ok', 'read', client.key as string, client.result);
    else if (client.f === 'cas' && client.mismatch) rec.record(client.process, 'fail', 'cas', client.key as string, client.input, 'mismatch');
    else rec.record(client.process, 'ok', client.f as string, client.key as string, client.input);
    client.phase = 'idle';
  }

  /** Info, then a fresh process for the client, as Jepsen does; a lost read just ends. */
  function finishLost(client: Client): void {
    rec.record(client.process, 'info', client.f as string, client.key as string, client.f === 'read' ? null : client.input, 'timeout');
    client.process = nextProcess++;
    client.phase = 'idle';
  }
}

/**
 * Clients of a real key-value store with put, append and get, in the manner of `registerRun`. Values come from a
 * three-letter alphabet, so equal values arise along different paths, and puts overwrite what appends built.
 */
export function kvRun(choices: readonly Choice[], options: { clients: number; keys: readonly string[] }): HistoryOp[] {
  const rec = recorder();
  const store = new Map<string, string>();
  let nextProcess = 0;
  const clients: Client[] = Array.from({ length: options.clients }, () => ({ process: nextProcess++, phase: 'idle' }));
  for (const choice of choices) {
    const client = clients[choice.client % clients.length] as Client;
    if (client.phase === 'idle') {
      const f = (['get', 'put', 'append', 'append'] as const)[choice.op % 4] as string;
      client.f = f as Client['f'];
      client.key = options.keys[choice.old % options.keys.length] as string;
      client.lost = choice.lose % 7 === 0;
      client.input = f === 'get' ? null : (['x', 'y', 'z'][choice.op % 3] as string);
      rec.record(client.process, 'invoke', f, client.key, client.input);
      client.phase = 'invoked';
    } else if (client.phase === 'invoked') {
      if (!(client.lost && choice.lose % 2 === 0)) {
        const current = store.get(client.key as string) ?? '';
        const f = client.f as string;
        if (f === 'get') client.result = current;
        else store.set(client.key as string, f === 'put' ? (client.input as string) : current + (client.input as string));
      }
      client.phase = 'applied';
    } else {
      const f = client.f as string;
      if (client.lost) {
        rec.record(client.process, 'info', f, client.key as string, client.input, 'timeout');
        client.process = nextProcess++;
      } else {
        rec.record(client.process, 'ok', f, client.key as string, f === 'get' ? client.result : client.input);
      }
      client.phase = 'idle';
    }
  }
  return rec.ops;
}

export const choicesArb = (maxLength: number): fc.Arbitrary<Choice[]> =>
  fc.array(fc.record({ client: fc.nat(7), op: fc.nat(11), old: fc.nat(11), lose: fc.nat(13) }), { minLength: 1, maxLength });

/**
 * Makes a linearizable register history certainly illegal, or returns undefined if it has nothing to mutate:
 * a completed read returns a value nothing ever wrote, or (with unique values) a value whose only writer was
 * invoked after the read completed.
 */
export function spoil(ops: readonly HistoryOp[], pick: number, fromTheFuture: boolean): HistoryOp[] | undefined {
  const reads = ops.filter((op) => op.type === 'ok' && op.f === 'read');
  if (reads.length === 0) return undefined;
  const read = reads[pick % reads.length] as HistoryOp;
  let value: number = 1_000_000;
  if (fromTheFuture) {
    const later = ops.find((op) => op.index > read.index && op.type === 'invoke' && op.key === read.key && op.f !== 'read');
    if (later === undefined) return undefined;
    value = later.f === 'write' ? (later.value as number) : (later.value as [number, number])[1];
  }
  return ops.map((op) => (op === read ? { ...op, value } : op));
}
