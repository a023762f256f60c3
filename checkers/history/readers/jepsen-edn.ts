/**
 * Jepsen's `history.edn`: operation maps with `:type :f :value :process :time` (and `:index`, `:error`), one a
 * line or all in one vector, plain or tagged `#jepsen.history.Op{...}`. Nemesis operations are skipped.
 * Keys come from a `:key` (Porcupine's kv logs) or from `jepsen.independent` `[key value]` tuples; otherwise
 * the history is one register. `:time` is nanoseconds in Jepsen; it becomes milliseconds here.
 */
import type { HistoryOp, OpType } from '../../../harness/history.ts';
import { EdnSymbol, Keyword, printEdn, readEdnItems, type EdnValue } from '../edn.ts';
import { HistoryInputError } from '../input-error.ts';
import type { History } from '../operations.ts';
import { SINGLE_KEY } from './lines.ts';

const TYPES: readonly string[] = ['invoke', 'ok', 'fail', 'info'];
const SHAPE = 'expected an operation map like {:type :invoke, :f :read, :value nil, :process 0}';

interface Parsed {
  op: HistoryOp;
  line: number;
  hasKey: boolean;
}

export function readJepsenEdn(text: string, options: { requireKey?: boolean } = {}): History {
  const parsed: Parsed[] = [];
  for (const { value, line } of readEdnItems(text)) {
    const record = toRecord(value, parsed.length, line, options.requireKey === true);
    if (record !== undefined) parsed.push(record);
  }
  if (parsed.length > 0 && !parsed.some((p) => p.hasKey) && isIndependent(parsed.map((p) => p.op))) {
    for (const { op } of parsed) {
      const [key, value] = op.value as [unknown, unknown];
      op.key = typeof key === 'string' ? key : JSON.stringify(key);
      op.value = value;
    }
  }
  return { ops: parsed.map((p) => p.op), lines: parsed.map((p) => p.line) };
}

export function readPorcupineKv(text: string): History {
  return readJepsenEdn(text, { requireKey: true });
}

function toRecord(value: EdnValue, position: number, line: number, requireKey: boolean): Parsed | undefined {
  const fail = (what: string): never => {
    throw new HistoryInputError(what, line);
  };
  if (!(value instanceof Map)) return fail(`${SHAPE}, got ${clip(printEdn(value))}`);
  const process = value.get(':process');
  if (process === undefined) return fail(`operation has no :process (${SHAPE})`);
  // Only client processes have integer ids; :nemesis and friends are the test's own actions.
  if (typeof process !== 'number') return undefined;
  if (!Number.isInteger(process)) return fail(`:process must be an integer or :nemesis, got ${printEdn(process)}`);
  const type = name(value.get(':type'));
  if (type === undefined || !TYPES.includes(type)) return fail(`:type must be one of ${TYPES.map((t) => ':' + t).join(' ')}, got ${printEdn(value.get(':type') ?? null)}`);
  const f = name(value.get(':f'));
  if (f === undefined || f === '') return fail(`operation has no :f (${SHAPE})`);
  const key = value.get(':key');
  if (requireKey && key === undefined) return fail('operation has no :key (Porcupine kv logs give every operation one)');
  const time = value.get(':time');
  if (time !== undefined && typeof time !== 'number') return fail(`:time must be a number, got ${printEdn(time)}`);
  const index = value.get(':index');
  const op: HistoryOp = {
    index: typeof index === 'number' ? index : position,
    time: typeof time === 'number' ? time / 1e6 : position,
    process,
    type: type as OpType,
    f,
    key: key === undefined ? SINGLE_KEY : typeof key === 'string' ? key : JSON.stringify(toJs(key)),
    value: toJs(value.get(':value') ?? null),
  };
  const error = value.get(':error');
  if (error !== undefined && error !== null) op.error = name(error) ?? printEdn(error);
  return { op, line, hasKey: key !== undefined };
}

/**
 * `jepsen.independent` wraps every value as `[key value]`. A plain CAS history also has pairs (`[old new]`),
 * so a history counts as independent only if every value is a pair and every cas carries a pair inside one.
 */
function isIndependent(ops: readonly HistoryOp[]): boolean {
  return ops.every((op) => Array.isArray(op.value) && op.value.length === 2 && (op.f !== 'cas' || (Array.isArray(op.value[1]) && op.value[1].length === 2)));
}

function name(value: EdnValue | undefined): string | undefined {
  if (value instanceof Keyword || value instanceof EdnSymbol) return value.name;
  return typeof value === 'string' ? value : undefined;
}

/** EDN to JSON-able data: keywords and symbols become their names, maps plain objects. */
function toJs(value: EdnValue): unknown {
  if (value instanceof Keyword || value instanceof EdnSymbol) return value.name;
  if (Array.isArray(value)) return value.map(toJs);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k.replace(/^:/, ''), toJs(v)]));
  return value;
}

function clip(text: string): string {
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}
