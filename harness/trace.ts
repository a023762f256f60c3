/**
 * The trace recorder: typed server-side events in time order (DESIGN.md §4). Components emit plain records;
 * checkers and reports read them back from `trace.jsonl`, never from the system's objects.
 *
 * Every record is `{time, type, ...fields}`. Field order is the order the emitter wrote them, which is
 * deterministic, so the serialised trace is byte-identical across runs of one seed.
 *
 * The harness knows no vocabulary but its own (harness/trace-events.ts): the recorder stores any record, and
 * each emitter writes through a `Tracer` typed by the events it may emit, so the compiler checks every emit
 * against the vocabulary its caller declares (schema/ declares the run's).
 */
import { toJsonl } from './history.ts';

/** One record of any trace, as stored and as read back from a file: `{time, type, ...fields}`. */
export interface TraceRecord {
  time: number;
  type: string;
  [field: string]: unknown;
}

/** What every event of a vocabulary has: a discriminating `type` (and `time`, which the recorder stamps). */
export interface TraceEventShape {
  time: number;
  type: string;
}

/** `Omit` that keeps a union a union (the built-in one keeps only the keys common to every member). */
type OmitEach<E, K extends PropertyKey> = E extends unknown ? Omit<E, K> : never;

/**
 * The fields an event of type `K` carries in vocabulary `E`: those of every member whose `type` admits `K`
 * (a member may declare a template type, e.g. `fault.${FaultKind}`), without `time` and `type`.
 */
export type TraceFields<E extends TraceEventShape, K extends E['type']> = K extends unknown ? OmitEach<E extends unknown ? (K extends E['type'] ? E : never) : never, 'time' | 'type'> : never;

/** An emitter for the events `E`: the recorder stamps the time; `fields` keep the order they are written in. */
export interface Tracer<E extends TraceEventShape> {
  emit<K extends E['type']>(type: K, fields: TraceFields<E, K>): void;
}

export class TraceRecorder {
  readonly #events: TraceRecord[] = [];
  #enabled = true;
  readonly #view: Tracer<TraceRecord> = { emit: (type, fields) => this.#record(type, fields) };

  constructor(private readonly clock: () => number) {}

  get events(): readonly TraceRecord[] {
    return this.#events;
  }

  /** Benchmarks switch tracing off to measure the bare runtime. */
  set enabled(on: boolean) {
    this.#enabled = on;
  }

  /**
   * This recorder as an emitter of the vocabulary `E` (one view serves every vocabulary: the records are the
   * same, only the compiler's check differs). Tests of the runtime alone use `tracer<TraceRecord>()`.
   */
  tracer<E extends TraceEventShape>(): Tracer<E> {
    return this.#view as unknown as Tracer<E>;
  }

  countByType(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const e of this.#events) counts[e.type] = (counts[e.type] ?? 0) + 1;
    return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  toJsonl(): string {
    return toJsonl(this.#events);
  }

  #record(type: string, fields: object): void {
    if (!this.#enabled) return;
    this.#events.push({ time: this.clock(), type, ...fields });
  }
}
