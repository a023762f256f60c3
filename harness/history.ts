/**
 * The history recorder: client operations, Jepsen-style (DESIGN.md §4). It enforces the history's own rules
 * as it records — one outstanding operation per process, a completion matches its invocation, a process that
 * ended in `info` never issues again — so a malformed history is a bug caught where it happens.
 */
export type OpType = 'invoke' | 'ok' | 'fail' | 'info';

export interface HistoryOp {
  index: number;
  time: number;
  process: number;
  type: OpType;
  f: string;
  key: string;
  value: unknown;
  error?: string;
}

interface Outstanding {
  f: string;
  key: string;
}

export class HistoryRecorder {
  readonly #ops: HistoryOp[] = [];
  /** Each process's operation in flight, or null: entries are kept, not deleted, to spare map churn per op. */
  readonly #outstanding = new Map<number, Outstanding | null>();
  readonly #retired = new Set<number>();

  constructor(private readonly clock: () => number) {}

  get ops(): readonly HistoryOp[] {
    return this.#ops;
  }

  invoke(process: number, f: string, key: string, value: unknown): void {
    if (this.isOutstanding(process)) throw new Error(`history: process ${process} invoked ${f} while an operation is outstanding`);
    if (this.#retired.has(process)) throw new Error(`history: process ${process} ended in info and may not invoke again`);
    this.#outstanding.set(process, { f, key });
    this.#append(process, 'invoke', f, key, value, undefined);
  }

  ok(process: number, value: unknown): void {
    this.#complete(process, 'ok', value, undefined);
  }

  fail(process: number, value: unknown, error: string): void {
    this.#complete(process, 'fail', value, error);
  }

  /** The outcome is unknown; the process is retired (a client carries on under a fresh process id). */
  info(process: number, value: unknown, error: string): void {
    this.#complete(process, 'info', value, error);
    this.#retired.add(process);
  }

  isOutstanding(process: number): boolean {
    return (this.#outstanding.get(process) ?? null) !== null;
  }

  toJsonl(): string {
    return toJsonl(this.#ops);
  }

  #complete(process: number, type: OpType, value: unknown, error: string | undefined): void {
    const open = this.#outstanding.get(process) ?? null;
    if (open === null) throw new Error(`history: process ${process} completed (${type}) with no outstanding invocation`);
    this.#outstanding.set(process, null);
    this.#append(process, type, open.f, open.key, value, error);
  }

  #append(process: number, type: OpType, f: string, key: string, value: unknown, error: string | undefined): void {
    const op: HistoryOp = { index: this.#ops.length, time: this.clock(), process, type, f, key, value };
    if (error !== undefined) op.error = error;
    this.#ops.push(op);
  }
}

export function toJsonl(records: readonly unknown[]): string {
  let out = '';
  for (const r of records) out += JSON.stringify(r) + '\n';
  return out;
}
