/**
 * Random histories for comparing the checker with brute force: a few processes, each running operations one
 * after another against a real store, with random intervals and outcomes. Each operation takes effect at one
 * instant inside its interval — an indeterminate one at any instant after its invocation, or never — so as
 * drawn the history is linearizable. Half the time one answer is then replaced (a read's value, a cas's
 * outcome), which may or may not leave it linearizable: brute force decides.
 *
 * Tiny alphabets make equal states arise along different paths and different states meet at the same
 * configuration, which is what the checker's memo and pruning have to get right.
 */
import fc from 'fast-check';
import type { HistoryOp, OpType } from '../../../harness/history.ts';

export type ModelName = 'register' | 'cas-register' | 'kv-append';

export interface RandomHistoryOptions {
  maxOps: number;
  /** Clients running at once; a client whose operation ends in `info` goes on as a new process, as in Jepsen. */
  clients: number;
  /** Keys to spread operations over (kv-append only; registers use one). */
  keys?: number;
}

type Ending = 'ok' | 'fail' | 'info' | 'none';

interface Spec {
  client: number;
  /** Time from the client's previous completion to this invocation. */
  gap: number;
  length: number;
  /** Where in its interval (or after its invocation, if indeterminate) it takes effect, in hundredths. */
  at: number;
  kind: number;
  a: number;
  b: number;
  ending: Ending;
  /** An indeterminate operation that never takes effect. */
  vanishes: boolean;
  key: number;
}

interface Spoil {
  pick: number;
  value: number;
}

export function randomHistoryArb(model: ModelName, options: RandomHistoryOptions): fc.Arbitrary<HistoryOp[]> {
  const spec: fc.Arbitrary<Spec> = fc.record({
    client: fc.nat(options.clients - 1),
    gap: fc.nat(3),
    length: fc.integer({ min: 1, max: 8 }),
    at: fc.nat(99),
    // register: read, write; cas-register: read, write, cas, cas; kv: get, put, append, append.
    kind: fc.nat(model === 'register' ? 1 : 3),
    a: fc.nat(2),
    b: fc.nat(2),
    ending: fc.constantFrom<Ending>('ok', 'ok', 'ok', 'ok', 'fail', 'info', 'info', 'none'),
    vanishes: fc.boolean(),
    key: fc.nat(model === 'kv-append' ? (options.keys ?? 1) - 1 : 0),
  });
  const spoil = fc.option(fc.record({ pick: fc.nat(), value: fc.nat(7) }), { freq: 2 });
  return fc
    .tuple(fc.array(spec, { minLength: 1, maxLength: options.maxOps, size: 'max' }), spoil)
    .map(([specs, spoiled]) => build(model, specs, spoiled ?? undefined));
}

interface Planned {
  spec: Spec;
  process: number;
  f: string;
  key: string;
  input: unknown;
  invoke: number;
  complete: number | undefined;
  /** When it takes effect; undefined if never. */
  effect: number | undefined;
  type: OpType;
  output: unknown;
  error?: string;
}

function build(model: ModelName, specs: readonly Spec[], spoiled: Spoil | undefined): HistoryOp[] {
  const clock = new Map<number, number>();
  const processOf = new Map<number, number>();
  let nextProcess = 0;
  const planned: Planned[] = specs.map((spec) => {
    if (!processOf.has(spec.client)) processOf.set(spec.client, nextProcess++);
    const process = processOf.get(spec.client) as number;
    const invoke = (clock.get(spec.client) ?? 0) + spec.gap;
    const end = invoke + spec.length;
    clock.set(spec.client, end);
    const [f, input] = model === 'kv-append' ? kvOp(spec) : registerOp(spec);
    const indeterminate = spec.ending === 'info' || spec.ending === 'none';
    // Strictly inside the interval; an indeterminate operation may also take effect after its completion.
    const effect = spec.ending === 'fail' || (indeterminate && spec.vanishes) ? undefined : invoke + ((spec.at + 0.5) / 100) * spec.length * (indeterminate ? 3 : 1);
    if (indeterminate) processOf.delete(spec.client);
    return { spec, process, f, key: `k${spec.key}`, input, invoke, complete: spec.ending === 'none' ? undefined : end, effect, type: 'ok', output: undefined };
  });
  applyInEffectOrder(model, planned);
  if (spoiled !== undefined) spoil(model, planned, spoiled);
  return records(planned);
}

function registerOp(spec: Spec): [string, unknown] {
  if (spec.kind === 0) return ['read', null];
  if (spec.kind === 1) return ['write', spec.a];
  return ['cas', [spec.a === 2 ? null : spec.a, spec.b]];
}

function kvOp(spec: Spec): [string, unknown] {
  if (spec.kind === 0) return ['get', null];
  // Appends outnumber puts, and x outnumbers y: values grow long enough for reads to tell orders apart, and
  // the same value arises along different paths.
  return [spec.kind === 1 ? 'put' : 'append', ['x', 'y', 'x'][spec.a]];
}

/** Runs the store: each operation that takes effect, in the order it does, fixing outputs and outcomes. */
function applyInEffectOrder(model: ModelName, planned: Planned[]): void {
  const store = new Map<string, unknown>();
  const empty = model === 'kv-append' ? '' : null;
  const effective = planned.filter((p) => p.effect !== undefined).sort((x, y) => (x.effect as number) - (y.effect as number));
  for (const p of effective) {
    const current = store.has(p.key) ? store.get(p.key) : empty;
    if (p.f === 'read' || p.f === 'get') p.output = current;
    else if (p.f === 'write' || p.f === 'put') store.set(p.key, p.input);
    else if (p.f === 'append') store.set(p.key, (current as string) + (p.input as string));
    else {
      const [old, next] = p.input as [unknown, unknown];
      if (current === old) store.set(p.key, next);
      else if (p.spec.ending === 'ok') [p.type, p.error] = ['fail', 'mismatch'];
    }
  }
  for (const p of planned) {
    if (p.spec.ending === 'fail') [p.type, p.error] = ['fail', 'rejected'];
    if (p.spec.ending === 'info') [p.type, p.error] = ['info', 'timeout'];
  }
}

/** Replaces one determinate answer: a read's value with another from the alphabet, or a cas's outcome. */
function spoil(model: ModelName, planned: Planned[], spoiled: Spoil): void {
  const answers = planned.filter((p) => p.spec.ending === 'ok' && (p.f === 'read' || p.f === 'get' || p.f === 'cas'));
  const p = answers[spoiled.pick % Math.max(1, answers.length)];
  if (p === undefined) return;
  if (p.f === 'cas') {
    if (p.type === 'ok') [p.type, p.error] = ['fail', 'mismatch'];
    else [p.type, p.error] = ['ok', undefined];
    return;
  }
  p.output = model === 'kv-append' ? ['', 'x', 'y', 'xx', 'xy', 'yx', 'yy', 'xyx'][spoiled.value] : [null, 0, 1, 2][spoiled.value % 4];
}

/** Invocations and completions in time order; at one instant completions come first (the point is inside). */
function records(planned: readonly Planned[]): HistoryOp[] {
  const events: { at: number; order: number; op: HistoryOp }[] = [];
  planned.forEach((p, i) => {
    events.push({ at: p.invoke, order: 1, op: { index: i, time: 0, process: p.process, type: 'invoke', f: p.f, key: p.key, value: p.input } });
    if (p.complete === undefined) return;
    const value = p.type === 'ok' && (p.f === 'read' || p.f === 'get') ? p.output : p.input;
    const done: HistoryOp = { index: i, time: 0, process: p.process, type: p.type, f: p.f, key: p.key, value };
    if (p.error !== undefined) done.error = p.error;
    events.push({ at: p.complete, order: 0, op: done });
  });
  events.sort((x, y) => x.at - y.at || x.order - y.order || x.op.index - y.op.index);
  return events.map((e, index) => ({ ...e.op, index, time: index }));
}
