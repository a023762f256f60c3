/**
 * The trace recorder: typed server-side events in time order (DESIGN.md §4). Components emit plain records;
 * checkers and reports read them back from `trace.jsonl`, never from the system's objects.
 *
 * Every record is `{time, type, ...fields}`. Field order is the order the emitter wrote them, which is
 * deterministic, so the serialised trace is byte-identical across runs of one seed.
 */
import { toJsonl } from './history.ts';

export interface TraceEvent {
  time: number;
  type: string;
  [field: string]: unknown;
}

export class TraceRecorder {
  readonly #events: TraceEvent[] = [];
  #enabled = true;

  constructor(private readonly clock: () => number) {}

  get events(): readonly TraceEvent[] {
    return this.#events;
  }

  /** Benchmarks switch tracing off to measure the bare runtime. */
  set enabled(on: boolean) {
    this.#enabled = on;
  }

  emit(type: string, fields: Record<string, unknown> = {}): void {
    if (!this.#enabled) return;
    this.#events.push({ time: this.clock(), type, ...fields });
  }

  countByType(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const e of this.#events) counts[e.type] = (counts[e.type] ?? 0) + 1;
    return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  toJsonl(): string {
    return toJsonl(this.#events);
  }
}
