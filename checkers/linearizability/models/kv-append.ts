/**
 * One key of Porcupine's key-value store: `get` returns the key's whole string (absent reads as ""),
 * `put` replaces it, `append` concatenates. Checked key by key (P-compositionality).
 *
 * The state carries its own hash, extended on each append, so a long value is never rehashed.
 */
import { extendHash, show, type Model, type Operation } from '../model.ts';

const functions = ['get', 'put', 'append'];
const SEED = 0x811c9dc5;

export interface KvValue {
  readonly text: string;
  readonly hash: number;
}

const value = (text: string): KvValue => ({ text, hash: extendHash(SEED, text) });

export const kvAppend: Model<KvValue> = {
  name: 'kv-append',
  description: "Porcupine's kv store, per key: get, put, append on strings",
  functions,
  init: () => value(''),
  validate(op) {
    if (!functions.includes(op.f)) return `kv-append model has no operation '${op.f}' (it knows ${functions.join(', ')})`;
    if (op.f !== 'get' && typeof op.input !== 'string') return `${op.f} needs a string value, got ${show(op.input)}`;
    if (op.f === 'get' && op.outcome === 'ok' && op.output !== null && typeof op.output !== 'string') return `get returns a string, got ${show(op.output)}`;
    return undefined;
  },
  role(op) {
    if (op.f === 'get') return op.outcome === 'ok' ? 'observe' : 'ignore';
    return op.outcome === 'fail' ? 'ignore' : 'update';
  },
  step(state, op) {
    if (op.f === 'get') return ((op.output as string | null) ?? '') === state.text ? state : undefined;
    const more = op.input as string;
    return op.f === 'put' ? value(more) : { text: state.text + more, hash: extendHash(state.hash, more) };
  },
  seen: (op) => (op.f === 'get' && op.outcome === 'ok' ? value((op.output as string | null) ?? '') : undefined),
  // After the last put used, the value is that put's followed by appends; with no put, the current value's.
  reachable: (from, to, updates) => to.text.startsWith(from.text) || updates.some((u) => u.f === 'put' && to.text.startsWith(u.input as string)),
  overwrites: (op) => op.f === 'put',
  hash: (state) => state.hash,
  // Appends build strings lazily, but comparing one flattens it into a copy of its own.
  sizeOf: (state) => 64 + 2 * state.text.length,
  equal: (a, b) => a === b || (a.hash === b.hash && a.text === b.text),
  describeState: (state) => state.text,
  describeOperation: (op: Operation) =>
    op.f === 'get' ? `get → ${op.outcome === 'ok' ? show(op.output ?? '') : op.outcome}` : `${op.f}(${show(op.input)})${op.outcome === 'ok' ? '' : ` → ${op.outcome}`}`,
};
