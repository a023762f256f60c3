/**
 * SplitLogWorker + ZkSplitLogWorkerCoordination (HBase 1.1; HBASE.md §5.1): every RegionServer of the ZooKeeper
 * era watches /hbase/splitWAL's children and takes UNASSIGNED tasks, at most hbase.regionserver.wal.max.splitters
 * at a time, each by a setData to OWNED guarded by the version it read (attemptToOwnTask) — a worker that loses
 * that race moves on. While it splits (WALSplitterHandler → WALSplitter.splitLogFile, wal-splitter.ts) it
 * heartbeats by writing OWNED again, guarded by its last version, at most every third of
 * hbase.splitlog.manager.timeout; a heartbeat that fails means the task was resubmitted to another worker
 * (preempted), and the worker stops without a final state. It ends a task DONE or ERR by a last guarded setData
 * (a failure is only logged: the manager's resubmission won).
 *
 * Simplification: a worker that stops aborts with its process and writes no RESIGNED (its session is usually
 * gone by then); the manager resubmits its tasks as a dead worker's.
 */
import { splitLogSettings } from '../../hbase/config.ts';
import type { ZkEvent } from '../../hbase/ports.ts';
import { isMetaWalFile } from '../../hbase/paths.ts';
import { isRescanNode, isSplitLogTask, walPathOfTask, type SplitLogTask } from '../../hbase/split-log-task.ts';
import { joinZNode } from '../../hbase/znode-paths.ts';
import type { HRegionServer } from '../hregionserver.ts';
import { splitLogFile, type SplitStatus } from './wal-splitter.ts';

/** What the worker keeps of a task it owns (SplitTaskDetails: the znode version it last wrote). */
interface OwnedTask {
  version: number;
  lastReportAt: number;
  preempted: boolean;
}

export class SplitLogWorker {
  readonly #owned = new Map<string, OwnedTask>();
  #started = false;
  #listing = false;
  #relist = false;

  constructor(private readonly rs: HRegionServer) {}

  get #parent(): string {
    return this.rs.layout.znode.splitWAL;
  }

  /** SplitLogWorker.run: once the server is online, list the tasks with a watch. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#taskLoop();
  }

  /** A new or removed child (a task put up, a RESCAN node) or a lost watch: list the tasks again. */
  onZkEvent(event: ZkEvent): void {
    if (!this.#started || !('path' in event)) return;
    if (event.path === this.#parent && event.type === 'NodeChildrenChanged') this.#taskLoop();
  }

  /**
   * taskLoop / getTaskList: the task names, meta WALs' first (they hold up meta's assignment), then the rest from
   * a random offset, as 1.x does so that workers do not all race for the same task; grabTask on each while there
   * is room.
   */
  #taskLoop(): void {
    if (this.#listing) {
      this.#relist = true;
      return;
    }
    this.#listing = true;
    this.rs.zk.getChildren(this.#parent, true, (r) => {
      this.#listing = false;
      if (r.code === 'ok') this.#grabTasks(this.#ordered(r.value ?? []), 0);
      else if (r.code !== 'SessionExpired') this.rs.ctx.setTimer(this.rs.config.zkSessionTimeoutMs / 10, () => this.#taskLoop());
      if (this.#relist) {
        this.#relist = false;
        this.#taskLoop();
      }
    });
  }

  #ordered(children: readonly string[]): string[] {
    const tasks = [...children].filter((c) => !isRescanNode(c)).sort();
    const meta = tasks.filter((t) => isMetaWalFile(walPathOfTask(t)));
    const user = tasks.filter((t) => !isMetaWalFile(walPathOfTask(t)));
    const offset = user.length === 0 ? 0 : this.rs.ctx.random('split-log-worker').int(0, user.length - 1);
    return [...meta, ...user.slice(offset), ...user.slice(0, offset)];
  }

  #grabTasks(names: readonly string[], i: number): void {
    const name = names[i];
    if (name === undefined || !this.#hasRoom()) return;
    const path = joinZNode(this.#parent, name);
    if (this.#owned.has(path)) return this.#grabTasks(names, i + 1);
    this.#grabTask(path, () => this.#grabTasks(names, i + 1));
  }

  #hasRoom(): boolean {
    return this.rs.lifecycle === 'ONLINE' && this.#owned.size < splitLogSettings(this.rs.config).maxSplitters;
  }

  /** grabTask: read the task; if UNASSIGNED, attemptToOwnTask with the version read. */
  #grabTask(path: string, next: () => void): void {
    this.rs.zk.getData(path, false, (r) => {
      if (r.code !== 'ok' || r.value === undefined || !isSplitLogTask(r.value.data) || r.value.data.state !== 'UNASSIGNED') return next();
      if (!this.#hasRoom() || this.#owned.has(path)) return;
      this.#attemptToOwnTask(path, r.value.version, (version) => {
        if (version === null) return next();
        this.#owned.set(path, { version, lastReportAt: this.rs.ctx.now(), preempted: false });
        this.rs.failpoint('rs.zk.splitlog.taskOwned', { task: path });
        this.#executeTask(path);
        next();
      });
    });
  }

  /** attemptToOwnTask: OWNED by this server, guarded by `version`; the new version, or null when another won. */
  #attemptToOwnTask(path: string, version: number, done: (version: number | null) => void): void {
    const data: SplitLogTask = { state: 'OWNED', server: this.rs.serverName };
    this.rs.zk.setData(path, data, (r) => done(r.code === 'ok' && r.value !== undefined ? r.value : null), version);
  }

  /** WALSplitterHandler.process: split, then the final state (unless preempted). */
  #executeTask(path: string): void {
    const walPath = `${this.rs.layout.fs.root}/${walPathOfTask(path)}`;
    splitLogFile(this.rs, walPath, (then) => this.#progress(path, then), (status) => this.#endTask(path, status));
  }

  /** The reporter's progress(): a heartbeat (attemptToOwnTask again) once a report period has passed. */
  #progress(path: string, then: (stillOwned: boolean) => void): void {
    const task = this.#owned.get(path);
    if (task === undefined || task.preempted) return then(false);
    const period = splitLogSettings(this.rs.config).managerTimeoutMs / 3;
    if (this.rs.ctx.now() - task.lastReportAt < period) return then(true);
    this.#attemptToOwnTask(path, task.version, (version) => {
      if (version === null) {
        task.preempted = true;
        return then(false);
      }
      task.version = version;
      task.lastReportAt = this.rs.ctx.now();
      then(true);
    });
  }

  /** ZkSplitLogWorkerCoordination.endTask: DONE or ERR guarded by the last version; a preempted task ends silently. */
  #endTask(path: string, status: SplitStatus): void {
    const task = this.#owned.get(path);
    this.#owned.delete(path);
    if (task !== undefined && status !== 'PREEMPTED' && !task.preempted) {
      this.rs.failpoint('rs.zk.splitlog.beforeEndTask', { task: path, status });
      const data: SplitLogTask = { state: status, server: this.rs.serverName };
      this.rs.zk.setData(path, data, () => {}, task.version);
    }
    this.#taskLoop();
  }
}
