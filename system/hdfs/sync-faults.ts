/**
 * Injected sync failures (a nemesis hook): the DataNode pipeline of chosen files fails hflush/hsync, as a
 * bad disk or a pipeline that cannot be recovered would. HBase reacts by retrying, rolling the log, and at
 * last aborting (MasterProcWAL's rules; a RegionServer aborts on a failed WAL sync).
 *
 * A rule selects files by path prefix (plain string prefix of the file's current path) and/or by the process
 * holding the lease, and lasts:
 * - `{ times: n }`: the next n matching syncs fail, then the rule is spent;
 * - `{ untilClosed: true }`: every sync of the files open and matching *now* fails until each is closed or
 *   recovered — a roll to a new file escapes it;
 * - `{ untilCleared: true }`: every matching sync fails, new files included, until `clear`.
 * With `persist`, a failing sync's records become durable anyway (the ack was lost, not the data): the writer
 * does not know, which is the nastiest case for whoever reports the write as failed.
 */
import type { ProcessId } from '../../harness/scheduler.ts';

export interface SyncFaultTarget {
  pathPrefix?: string;
  process?: ProcessId;
}

export type SyncFaultDuration = { times: number } | { untilClosed: true } | { untilCleared: true };

export interface SyncFaultOptions {
  persist?: boolean;
}

export interface SyncFault {
  readonly id: number;
  readonly target: SyncFaultTarget;
  readonly duration: SyncFaultDuration;
  readonly persist: boolean;
  /** `times` rules: failures left. */
  remaining: number;
  /** `untilClosed` rules: the files still affected. */
  readonly files: Set<number>;
}

/** What a rule needs to know of a file being synced. */
export interface SyncedFile {
  id: number;
  path: string;
  process: ProcessId;
}

export class SyncFaults {
  /** In id order (insertion order), which is the order of deterministic injections. */
  readonly #rules = new Map<number, SyncFault>();
  #nextId = 1;

  add(target: SyncFaultTarget, duration: SyncFaultDuration, options: SyncFaultOptions, openFiles: readonly SyncedFile[]): number {
    if (target.pathPrefix === undefined && target.process === undefined) throw new Error('a sync fault needs a pathPrefix or a process');
    if ('times' in duration && !(Number.isInteger(duration.times) && duration.times > 0)) throw new RangeError(`sync fault times must be a positive integer, got ${duration.times}`);
    const rule: SyncFault = {
      id: this.#nextId++,
      target: { ...target },
      duration: { ...duration },
      persist: options.persist ?? false,
      remaining: 'times' in duration ? duration.times : 0,
      files: new Set('untilClosed' in duration ? openFiles.filter((f) => matches(target, f)).map((f) => f.id) : []),
    };
    if ('untilClosed' in duration && rule.files.size === 0) return rule.id; // nothing open to fail: spent at once
    this.#rules.set(rule.id, rule);
    return rule.id;
  }

  /** Remove one rule, or all. */
  clear(id?: number): void {
    if (id === undefined) this.#rules.clear();
    else this.#rules.delete(id);
  }

  /** Whether any rule is armed: with none, a sync need not work out its file's path. */
  get armed(): boolean {
    return this.#rules.size > 0;
  }

  /** The rule that fails this sync, if any; a `times` rule is consumed by it. */
  check(file: SyncedFile): SyncFault | null {
    for (const rule of this.#rules.values()) {
      if ('untilClosed' in rule.duration ? !rule.files.has(file.id) : !matches(rule.target, file)) continue;
      if ('times' in rule.duration && --rule.remaining === 0) this.#rules.delete(rule.id);
      return rule;
    }
    return null;
  }

  /** A file was closed, recovered or deleted: `untilClosed` rules let go of it. */
  fileClosed(fileId: number): void {
    for (const rule of [...this.#rules.values()]) {
      if (rule.files.delete(fileId) && rule.files.size === 0) this.#rules.delete(rule.id);
    }
  }

  active(): SyncFault[] {
    return [...this.#rules.values()];
  }
}

function matches(target: SyncFaultTarget, file: SyncedFile): boolean {
  return (target.pathPrefix === undefined || file.path.startsWith(target.pathPrefix)) && (target.process === undefined || file.process === target.process);
}
