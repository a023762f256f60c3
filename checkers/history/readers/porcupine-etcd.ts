/**
 * Porcupine's Jepsen etcd logs: `INFO  jepsen.util - <process> <:type> <:f> <value>`, fields separated by tabs
 * or spaces, one etcd key used as a CAS register. `:fail :cas` ran and found another value (a "mismatch"
 * observation); `:info ... :timed-out` and `:fail :read :timed-out` have unknown outcomes. Other loggers' lines,
 * nemesis operations and indented continuation lines (stack traces) are skipped, as real logs interleave them;
 * a timestamp before the level is allowed.
 */
import type { HistoryOp } from '../../../harness/history.ts';
import { HistoryInputError } from '../input-error.ts';
import { MISMATCH, type History } from '../operations.ts';
import { SINGLE_KEY, splitLines } from './lines.ts';

/** jepsen.util's operation lines: `INFO  jepsen.util - ...`, or in later Jepsen `... [worker 0] jepsen.util: ...`. */
const UTIL = /\bjepsen\.util(?:\s+-|:)\s+(.*)$/;
const LEVEL = /(?:^|\s)(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\s/;

export function looksLikeLog(line: string): boolean {
  return UTIL.test(line) || LEVEL.test(` ${line}`);
}
const OPERATION = /^(\d+|:nemesis)\s+:(invoke|ok|fail|info)\s+:([\w-]+)\s+(.*?)\s*$/;
const SHAPE = "expected 'INFO jepsen.util - <process> <:invoke|:ok|:fail|:info> <:f> <value>'";

export function readPorcupineEtcd(text: string): History {
  const ops: HistoryOp[] = [];
  const lines: number[] = [];
  splitLines(text).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '' || /^\s/.test(raw)) return;
    const util = UTIL.exec(raw);
    if (util === null) {
      if (LEVEL.test(` ${raw}`)) return;
      throw new HistoryInputError(`not a log line: ${SHAPE}`, line);
    }
    const fields = OPERATION.exec(util[1] as string);
    if (fields === null) throw new HistoryInputError(`malformed operation: ${SHAPE}`, line);
    const [, process, type, f, valueText] = fields as unknown as [string, string, string, string, string];
    if (process === ':nemesis') return;
    const value = parseValue(valueText, line);
    const timedOut = value === TIMED_OUT;
    const op: HistoryOp = {
      index: ops.length,
      time: ops.length,
      process: Number(process),
      type: timedOut ? 'info' : (type as HistoryOp['type']),
      f,
      key: SINGLE_KEY,
      value: timedOut ? null : value,
    };
    if (timedOut) op.error = 'timed-out';
    else if (type === 'fail' && f === 'cas') op.error = MISMATCH;
    ops.push(op);
    lines.push(line);
  });
  return { ops, lines };
}

const TIMED_OUT = Symbol('timed-out');

function parseValue(text: string, line: number): unknown {
  if (text === 'nil') return null;
  if (text === ':timed-out') return TIMED_OUT;
  if (/^-?\d+$/.test(text)) return Number(text);
  const pair = /^\[\s*(-?\d+|nil)\s+(-?\d+|nil)\s*\]$/.exec(text);
  if (pair) return [pair[1] === 'nil' ? null : Number(pair[1]), pair[2] === 'nil' ? null : Number(pair[2])];
  throw new HistoryInputError(`cannot read value '${text}': expected nil, an integer, [old new] or :timed-out`, line);
}
