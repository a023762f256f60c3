/**
 * Who serves which region when, from the trace. A server starts serving a region at `region.opened` and stops
 * at `region.closed`, when it aborts or its process dies — or when its WALs are fenced (`master.serverFenced`),
 * because from then on it cannot acknowledge a write even if, as a zombie, it still believes it serves.
 */
import { processOfServer } from '../../schema/ids.ts';
import type { TraceEvent } from '../../schema/trace.ts';

export interface DoubleAssignment {
  kind: 'double-assignment';
  time: number;
  region: string;
  servers: string[];
  message: string;
  /** Indices (in the trace) of the events that opened the region on each server. */
  traceIndices: number[];
}

export class ServingTracker {
  /** region → server → trace index of the event that opened it there. */
  readonly #serving = new Map<string, Map<string, number>>();
  readonly violations: DoubleAssignment[] = [];
  /** region → first open time, and total time not served anywhere after that. */
  readonly #downSince = new Map<string, number>();
  readonly unavailableMs = new Map<string, number>();

  apply(event: TraceEvent, index: number): void {
    switch (event.type) {
      case 'region.opened':
        return this.#open(event.region, event.server, event.time, index);
      case 'region.closed':
        return this.#close(event.region, event.server, event.time);
      case 'rs.aborted':
      case 'master.serverFenced': {
        const server = event.server;
        return this.#dropServer((s) => s === server, event.time);
      }
      case 'process.crash':
      case 'process.exit': {
        const process = event.process;
        return this.#dropServer((s) => processOfServer(s) === process, event.time);
      }
    }
  }

  /** Close the books at the end of the run: regions still down count until then. */
  finish(time: number): void {
    for (const [region, since] of this.#downSince) this.#addDown(region, time - since);
    this.#downSince.clear();
  }

  #open(region: string, server: string, time: number, index: number): void {
    let servers = this.#serving.get(region);
    if (servers === undefined) {
      servers = new Map();
      this.#serving.set(region, servers);
    }
    const others = [...servers.keys()].filter((s) => s !== server);
    if (others.length > 0) {
      this.violations.push({
        kind: 'double-assignment',
        time,
        region,
        servers: [...others, server].sort(),
        message: `region ${region} opened on ${server} while still served by ${others.join(', ')}`,
        traceIndices: [...others.map((s) => servers.get(s) as number), index],
      });
    }
    servers.set(server, index);
    const since = this.#downSince.get(region);
    if (since !== undefined) {
      this.#addDown(region, time - since);
      this.#downSince.delete(region);
    }
  }

  #close(region: string, server: string, time: number): void {
    const servers = this.#serving.get(region);
    if (servers === undefined || !servers.delete(server)) return;
    if (servers.size === 0) this.#downSince.set(region, time);
  }

  #dropServer(matches: (server: string) => boolean, time: number): void {
    for (const [region, servers] of this.#serving) {
      for (const server of [...servers.keys()]) if (matches(server)) this.#close(region, server, time);
    }
  }

  #addDown(region: string, ms: number): void {
    this.unavailableMs.set(region, (this.unavailableMs.get(region) ?? 0) + ms);
  }
}
