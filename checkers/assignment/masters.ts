/**
 * Master tenures, from the trace. A master is active from `master.active` until it aborts or its process dies;
 * it is deposed the moment another master fences the procedure store (`master.procedures.loaded` comes after
 * recovering every log's lease). A deposed master that still makes durable progress — a procedure of its
 * finishing that the new master did not load as finished — is a split brain. (A paused master may learn of a
 * write that was durable before the fence only after it: that is not progress after the fence.) Also measures the time with no initialised active master.
 */
import { processOfServer } from '../../schema/ids.ts';
import type { TraceEvent } from '../../schema/trace.ts';

export interface SplitBrain {
  kind: 'split-brain-master';
  time: number;
  master: string;
  message: string;
  traceIndices: number[];
}

export class MasterTracker {
  /** Active (not yet deposed or dead) masters, by ServerName. */
  readonly #active = new Set<string>();
  /** The master that most recently fenced the store, and when (trace index). */
  #fencedBy: { master: string; index: number } | null = null;
  /** Procedures the fencing master loaded as already finished: their records predate the fence. */
  #loadedFinished = new Set<number>();
  #pendingLoaded = new Set<number>();
  readonly #initialized = new Set<string>();
  readonly violations: SplitBrain[] = [];
  #downSince: number | null = null;
  #everInitialized = false;
  noMasterMs = 0;
  failovers = 0;

  apply(event: TraceEvent, index: number): void {
    switch (event.type) {
      case 'master.active':
        this.#active.add(event.server);
        return;
      case 'procedure.loaded':
        // Emitted by the new master just before master.procedures.loaded: remember what was durable already.
        if (event.status === 'SUCCESS' || event.status === 'FAILED') this.#pendingLoaded.add(event.procId);
        return;
      case 'master.procedures.loaded': {
        const server = event.server;
        this.#end((other) => other !== server, event.time);
        this.#fencedBy = { master: server, index };
        this.#loadedFinished = this.#pendingLoaded;
        this.#pendingLoaded = new Set();
        return;
      }
      case 'master.initialized':
        if (this.#everInitialized && this.#downSince !== null) this.failovers++;
        this.#everInitialized = true;
        this.#initialized.add(event.server);
        this.#updateDown(event.time);
        return;
      case 'master.aborted': {
        const server = event.server;
        this.#end((s) => s === server, event.time);
        return;
      }
      case 'process.crash':
      case 'process.exit': {
        const process = event.process;
        this.#end((s) => processOfServer(s) === process, event.time);
        return;
      }
      case 'procedure.finished': {
        const master = event.master;
        if (master === undefined || this.#active.has(master)) return;
        // Its record was durable before the fence (the new master loaded it finished): only the callback was late.
        if (this.#loadedFinished.has(event.procId)) return;
        this.violations.push({
          kind: 'split-brain-master',
          time: event.time,
          master,
          message: `procedure ${event.procedure} pid=${event.procId} finished on ${master}, which ${this.#fencedBy ? `was deposed by ${this.#fencedBy.master}` : 'was not active'}`,
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
