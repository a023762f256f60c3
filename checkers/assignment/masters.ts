/**
 * Master tenures, from the trace. A master is active from `master.active` until it aborts or its process dies;
 * it is deposed the moment another master fences the procedure store (`master.procedures.loaded` comes after
 * recovering every log's lease). A deposed master that still makes durable progress — a procedure of its
 * finishing — is a split brain. Also measures the time with no initialised active master.
 */
import type { TraceEvent } from '../../harness/trace.ts';

export interface SplitBrain {
  kind: 'split-brain-master';
  time: number;
  master: string;
  message: string;
  traceIndices: number[];
}

const hostOf = (server: string) => server.slice(0, server.indexOf(',') < 0 ? server.length : server.indexOf(','));

export class MasterTracker {
  /** Active (not yet deposed or dead) masters, by ServerName. */
  readonly #active = new Set<string>();
  /** The master that most recently fenced the store, and when (trace index). */
  #fencedBy: { master: string; index: number } | null = null;
  readonly #initialized = new Set<string>();
  readonly violations: SplitBrain[] = [];
  #downSince: number | null = null;
  #everInitialized = false;
  noMasterMs = 0;
  failovers = 0;

  apply(event: TraceEvent, index: number): void {
    const server = typeof event.server === 'string' ? event.server : undefined;
    switch (event.type) {
      case 'master.active':
        if (server === undefined) return;
        this.#active.add(server);
        return;
      case 'master.procedures.loaded':
        if (server === undefined) return;
        this.#end((other) => other !== server, event.time);
        this.#fencedBy = { master: server, index };
        return;
      case 'master.initialized':
        if (server === undefined) return;
        if (this.#everInitialized && this.#downSince !== null) this.failovers++;
        this.#everInitialized = true;
        this.#initialized.add(server);
        this.#updateDown(event.time);
        return;
      case 'master.aborted':
        if (server !== undefined) this.#end((s) => s === server, event.time);
        return;
      case 'process.crash':
      case 'process.exit':
        this.#end((s) => hostOf(s) === event.process, event.time);
        return;
      case 'procedure.finished': {
        const master = typeof event.master === 'string' ? event.master : undefined;
        if (master === undefined || this.#active.has(master)) return;
        this.violations.push({
          kind: 'split-brain-master',
          time: event.time,
          master,
          message: `procedure ${String(event.procedure)} pid=${String(event.procId)} finished on ${master}, which ${this.#fencedBy ? `was deposed by ${this.#fencedBy.master}` : 'was not active'}`,
          traceIndices: this.#fencedBy ? [this.#fencedBy.index, index] : [index],
        });
        return;
      }
    }
  }

  finish(time: number): void {
    if (this.#downSince !== null) this.noMasterMs += time - this.#downSince;
    this.#downSince = null;
  }

  #end(matches: (server: string) => boolean, time: number): void {
    for (const s of [...this.#active]) if (matches(s)) this.#active.delete(s);

    for (const s of [...this.#initialized]) if (matches(s)) this.#initialized.delete(s);
    this.#updateDown(time);
  }

  #updateDown(time: number): void {
    const up = [...this.#initialized].some((s) => this.#active.has(s));
    if (up && this.#downSince !== null) {
      this.noMasterMs += time - this.#downSince;
      this.#downSince = null;
    } else if (!up && this.#downSince === null && this.#everInitialized) this.#downSince = time;
  }
}
