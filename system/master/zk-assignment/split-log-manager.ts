/**
 * SplitLogManager + ZKSplitLogManagerCoordination (HBase 1.1; HBASE.md §5.1 "Distributed log splitting"): the
 * master splits a dead server's WALs by putting up one task znode per WAL under /hbase/splitWAL, UNASSIGNED, for
 * the RegionServers' SplitLogWorkers to take, and waits until every task of the batch is DONE — or failed, when
 * the batch throws and the ServerShutdownHandler runs again.
 *
 *   DONE     → the WAL is archived to oldWALs (WALSplitter.finishSplitLogFile), the task SUCCESS, its znode deleted;
 *   ERR      → resubmitted (CHECK): only if its worker is dead or silent past hbase.splitlog.manager.timeout, and at
 *              most hbase.splitlog.max.resubmit times; otherwise the task FAILS;
 *   RESIGNED → resubmitted (FORCE);
 *   OWNED    → a heartbeat when the znode's version moved.
 * A resubmission is a setData back to UNASSIGNED guarded by the version last seen (FORCE: any version), followed
 * by a RESCAN node that makes every worker list the tasks again. The TimeoutMonitor chore (every second)
 * resubmits the tasks of dead workers (FORCE) and of silent ones (CHECK), and retries failed deletions.
 *
 * A new master looks for orphan tasks first (lookForOrphans): each is read and watched as if it were its own, an
 * UNASSIGNED one resubmitted at once; the ServerShutdownHandler's batch then adopts them (createTaskIfAbsent).
 *
 * Simplification: only the manager deletes a task, as in 1.1, but a RESCAN node is a plain ephemeral node named by
 * a counter (the ZooKeeper port has no sequential nodes).
 */
import { byKey } from '../../ordering.ts';
import { removeRootPath, isRescanNode, isSplitLogTask, taskZNode, walPathOfTask, type SplitLogTask } from '../../hbase/split-log-task.ts';
import { splitLogSettings } from '../../hbase/config.ts';
import type { ZkEvent, ZKWatcher } from '../../hbase/ports.ts';
import type { ServerName } from '../../hbase/server-name.ts';
import { joinZNode } from '../../hbase/znode-paths.ts';
import type { HMaster } from '../hmaster.ts';
import type { ServerManager } from '../server-manager.ts';
import { zkStep } from './zk-step.ts';

/** SplitLogManager.TerminationStatus. */
type TerminationStatus = 'IN_PROGRESS' | 'SUCCESS' | 'FAILURE' | 'DELETED';
type ResubmitDirective = 'CHECK' | 'FORCE';

/** hbase.splitlog.zk.retries. */
const ZK_RETRIES = 3;
/** hbase.splitlog.manager.timeoutmonitor.period. */
const TIMEOUT_MONITOR_PERIOD_MS = 1_000;

/** SplitLogManager.TaskBatch: what one splitLogDistributed call waits for. */
interface TaskBatch {
  installed: number;
  done: number;
  error: number;
  isDead: boolean;
  changed: () => void;
}

/** SplitLogManager.Task: the manager's memory of one task znode. */
class Task {
  status: TerminationStatus = 'IN_PROGRESS';
  batch: TaskBatch | null = null;
  lastUpdate = -1;
  lastVersion = -1;
  curWorker: ServerName | null = null;
  unforcedResubmits = 0;
  incarnation = 0;
  resubmitThresholdReached = false;

  isOrphan(): boolean {
    return this.batch === null;
  }

  isUnassigned(): boolean {
    return this.curWorker === null;
  }

  heartbeat(now: number, version: number, worker: ServerName): void {
    this.lastVersion = version;
    this.lastUpdate = now;
    this.curWorker = worker;
  }

  setUnassigned(): void {
    this.curWorker = null;
    this.lastUpdate = -1;
  }
}

export class SplitLogManager {
  readonly #tasks = new Map<string, Task>();
  readonly #deadWorkers = new Set<ServerName>();
  readonly #failedDeletions = new Set<string>();
  #lastTaskCreateTime = Number.NEGATIVE_INFINITY;
  #rescanSeq = 0;
  #started = false;

  constructor(
    private readonly master: HMaster,
    private readonly serverManager: ServerManager,
  ) {}

  get #zk(): ZKWatcher {
    return this.master.zk;
  }

  get #parent(): string {
    return this.master.layout.znode.splitWAL;
  }

  get #settings() {
    return splitLogSettings(this.master.config);
  }

  /** ZKSplitLogManagerCoordination.init: look for orphans, then the TimeoutMonitor chore. */
  init(): void {
    if (this.#started) return;
    this.#started = true;
    this.#lookForOrphans();
    this.master.ctx.setTimer(TIMEOUT_MONITOR_PERIOD_MS, () => this.#timeoutMonitor());
  }

  /**
   * MasterFileSystem.splitLog → SplitLogManager.splitLogDistributed: the dead server's WAL directory renamed to
   * `-splitting` (listed with `which`'s filter), a task per file, then wait for the batch. `done(false)` when a
   * task failed: the caller runs again, as the ServerShutdownHandler resubmits itself on the IOException.
   */
  splitLog(server: ServerName, which: 'meta' | 'user', done: (ok: boolean) => void): void {
    const { master } = this;
    this.#fs().walsToSplit(server, which, (paths) => {
      zkSplitLogStep(master, 'batchListed', { server, which, wals: paths.length });
      this.splitLogDistributed(server, paths, (ok) => {
        if (ok) {
          master.trace.emit('master.serverFenced', { master: master.serverName, server, wals: paths.length });
          master.trace.emit('master.walSplit', { master: master.serverName, server, files: paths.length });
        }
        done(ok);
      });
    });
  }

  #fs() {
    const parts = this.master.zkActive;
    if (parts === null) throw new Error('SplitLogManager without the ZooKeeper era active master');
    return parts.fs;
  }

  /** SplitLogManager.splitLogDistributed: one task per WAL, then waitForSplittingCompletion. */
  splitLogDistributed(server: ServerName, paths: readonly string[], done: (ok: boolean) => void): void {
    let finished = false;
    const batch: TaskBatch = {
      installed: 0,
      done: 0,
      error: 0,
      isDead: false,
      changed: () => {
        if (finished || batch.done + batch.error < batch.installed) return;
        finished = true;
        if (batch.done !== batch.installed) batch.isDead = true;
        zkSplitLogStep(this.master, 'batchDone', { server, installed: batch.installed, done: batch.done, error: batch.error });
        done(!batch.isDead);
      },
    };
    for (const path of paths) {
      const walPath = removeRootPath(this.master.layout.fs.root, path);
      if (!this.#enqueueSplitTask(walPath, batch)) {
        // "duplicate log split scheduled": another batch waits on this task; this one fails and runs again.
        batch.isDead = true;
        finished = true;
        return done(false);
      }
    }
    zkSplitLogStep(this.master, 'batchInstalled', { server, installed: batch.installed });
    batch.changed();
  }

  /** SplitLogManager.enqueueSplitTask: createTaskIfAbsent, and the znode unless an orphan task is adopted. */
  #enqueueSplitTask(walPath: string, batch: TaskBatch): boolean {
    this.#lastTaskCreateTime = this.master.ctx.now();
    const path = taskZNode(this.#parent, walPath);
    const existing = this.#createTaskIfAbsent(path, batch);
    if (existing === 'adopted') return true;
    if (existing === 'conflict') return false;
    this.#createNode(path, ZK_RETRIES);
    return true;
  }

  /**
   * SplitLogManager.createTaskIfAbsent: a new task; or an orphan (found by lookForOrphans) that this batch now
   * waits upon; one already done is not waited for. A task another batch waits on is a conflict.
   */
  #createTaskIfAbsent(path: string, batch: TaskBatch): 'created' | 'adopted' | 'conflict' {
    const old = this.#tasks.get(path);
    if (old === undefined || old.status === 'DELETED') {
      const task = new Task();
      task.batch = batch;
      this.#tasks.set(path, task);
      batch.installed++;
      return 'created';
    }
    if (!old.isOrphan()) return 'conflict';
    if (old.status === 'SUCCESS') return 'adopted';
    if (old.status === 'IN_PROGRESS') {
      old.batch = batch;
      batch.installed++;
      return 'adopted';
    }
    // FAILURE: its delete is pending; 1.x waits for it — here the batch fails and runs again.
    return 'conflict';
  }

  /** A change under /hbase/splitWAL: a task's data (a heartbeat, a final state) or the task gone. */
  onZkEvent(event: ZkEvent): void {
    if (!('path' in event) || !event.path.startsWith(`${this.#parent}/`)) return;
    if (event.type === 'NodeDataChanged') {
      const task = this.#tasks.get(event.path);
      if (task === undefined && !isRescanNode(event.path)) return;
      // heartbeatNoDetails: heard from, whatever the new state is.
      if (task !== undefined) task.lastUpdate = this.master.ctx.now();
      this.#getDataSetWatch(event.path, ZK_RETRIES);
    }
  }

  /** SplitLogManager.handleDeadWorker: the TimeoutMonitor resubmits its tasks (FORCE) on its next run. */
  handleDeadWorker(worker: ServerName): void {
    this.#deadWorkers.add(worker);
  }

  #createNode(path: string, retries: number): void {
    const data: SplitLogTask = { state: 'UNASSIGNED', server: this.master.serverName };
    this.#zk.create(path, data, 'PERSISTENT', (r) => {
      // NodeExists: a task put up before (by us or a master before us): watched like ours.
      if (r.code === 'ok' || r.code === 'NodeExists') return this.#getDataSetWatch(path, ZK_RETRIES);
      if (r.code !== 'SessionExpired' && retries > 0) return this.#createNode(path, retries - 1);
      this.#setDone(path, 'FAILURE');
    });
  }

  #getDataSetWatch(path: string, retries: number): void {
    this.#zk.getData(path, true, (r) => {
      if (r.code === 'ok' && r.value !== undefined) return this.#getDataSetWatchSuccess(path, r.value.data, r.value.version);
      if (r.code === 'SessionExpired') return;
      // Vanished, or not created yet: ignored since HBASE-11217.
      if (r.code === 'NoNode' || retries < 0) return;
      if (retries > 0) return this.#getDataSetWatch(path, retries - 1);
      this.#setDone(path, 'FAILURE');
    });
  }

  /** ZKSplitLogManagerCoordination.getDataSetWatchSuccess: what the task's state means. */
  #getDataSetWatchSuccess(path: string, data: unknown, version: number): void {
    if (!isSplitLogTask(data)) return this.#setDone(path, 'FAILURE');
    switch (data.state) {
      case 'UNASSIGNED':
        return this.#handleUnassignedTask(path);
      case 'OWNED':
        return this.#heartbeat(path, version, data.server);
      case 'RESIGNED':
        return this.#resubmitOrFail(path, 'FORCE');
      case 'DONE':
        if (isRescanNode(path)) return this.#setDone(path, 'SUCCESS');
        return this.#finishTask(path);
      case 'ERR':
        return this.#resubmitOrFail(path, 'CHECK');
    }
  }

  /** The TaskFinisher: WALSplitter.finishSplitLogFile archives the split WAL; a failure is an error of the task. */
  #finishTask(path: string): void {
    const { layout } = this.master;
    const wal = `${layout.fs.root}/${walPathOfTask(path)}`;
    const archived = `${layout.fs.oldWals}/${wal.slice(wal.lastIndexOf('/') + 1)}`;
    this.master.fs.mkdirs(layout.fs.oldWals, () =>
      this.master.fs.rename(wal, archived, (r) => {
        if (r.code === 'ok' || r.code === 'FileNotFoundException' || r.code === 'FileAlreadyExistsException') return this.#setDone(path, 'SUCCESS');
        this.#resubmitOrFail(path, 'CHECK');
      }),
    );
  }

  /** handleUnassignedTask: an orphan UNASSIGNED task is resubmitted at once (the old master may have died before its RESCAN). */
  #handleUnassignedTask(path: string): void {
    if (isRescanNode(path)) return;
    const task = this.#findOrCreateOrphanTask(path);
    if (task.isOrphan() && task.incarnation === 0) this.#resubmitTask(path, task, 'FORCE', () => {});
  }

  #heartbeat(path: string, version: number, worker: ServerName): void {
    const task = this.#findOrCreateOrphanTask(path);
    if (version !== task.lastVersion) task.heartbeat(this.master.ctx.now(), version, worker);
  }

  #findOrCreateOrphanTask(path: string): Task {
    let task = this.#tasks.get(path);
    if (task === undefined) {
      task = new Task();
      this.#tasks.set(path, task);
    }
    return task;
  }

  #resubmitOrFail(path: string, directive: ResubmitDirective): void {
    this.#resubmitTask(path, this.#findOrCreateOrphanTask(path), directive, (resubmitted) => {
      if (!resubmitted) this.#setDone(path, 'FAILURE');
    });
  }

  /**
   * ZKSplitLogManagerCoordination.resubmitTask: CHECK skips a live worker heard from within the timeout and stops
   * after hbase.splitlog.max.resubmit; FORCE writes over any version. Then a RESCAN node for the workers.
   */
  #resubmitTask(path: string, task: Task, directive: ResubmitDirective, done: (resubmitted: boolean) => void): void {
    if (task.status !== 'IN_PROGRESS') return done(false);
    let version = -1;
    if (directive === 'CHECK') {
      const { managerTimeoutMs, maxResubmit } = this.#settings;
      const alive = task.curWorker !== null && this.serverManager.isOnline(task.curWorker);
      if (alive && this.master.ctx.now() - task.lastUpdate < managerTimeoutMs) return done(false);
      if (task.unforcedResubmits >= maxResubmit) {
        task.resubmitThresholdReached = true;
        return done(false);
      }
      version = task.lastVersion;
    }
    task.incarnation++;
    zkSplitLogStep(this.master, 'resubmit', { task: path, directive, worker: task.curWorker });
    const data: SplitLogTask = { state: 'UNASSIGNED', server: this.master.serverName };
    this.#zk.setData(
      path,
      data,
      (r) => {
        if (r.code === 'NoNode') {
          // resubmit: "task done (or forced done by removing the znode)".
          this.#setDone(path, 'SUCCESS');
          return done(false);
        }
        if (r.code !== 'ok') {
          task.lastUpdate = this.master.ctx.now();
          return done(false);
        }
        if (directive === 'CHECK') task.unforcedResubmits++;
        task.setUnassigned();
        this.#rescan(ZK_RETRIES);
        done(true);
      },
      version,
    );
  }

  /** ZKSplitLogManagerCoordination.rescan: a node created DONE, which every worker's children watch sees. */
  #rescan(retries: number): void {
    const name = `RESCAN${String(this.#rescanSeq++).padStart(10, '0')}`;
    const path = joinZNode(this.#parent, name);
    const data: SplitLogTask = { state: 'DONE', server: this.master.serverName };
    this.#zk.create(path, data, 'EPHEMERAL', (r) => {
      if (r.code === 'ok') return this.#getDataSetWatch(path, ZK_RETRIES);
      if (r.code !== 'SessionExpired' && retries > 0) this.#rescan(retries - 1);
    });
  }

  /** ZKSplitLogManagerCoordination.setDone: the batch counts the task; its znode is deleted either way. */
  #setDone(path: string, status: 'SUCCESS' | 'FAILURE'): void {
    const task = this.#tasks.get(path);
    if (task !== undefined && task.status === 'IN_PROGRESS') {
      task.status = status;
      if (task.batch !== null) {
        if (status === 'SUCCESS') task.batch.done++;
        else task.batch.error++;
        task.batch.changed();
      }
    }
    this.#deleteNode(path, ZK_RETRIES);
  }

  #deleteNode(path: string, retries: number): void {
    this.#zk.delete(path, (r) => {
      if (r.code === 'ok' || r.code === 'NoNode') {
        this.#failedDeletions.delete(path);
        const task = this.#tasks.get(path);
        this.#tasks.delete(path);
        if (task !== undefined) task.status = 'DELETED';
        return;
      }
      if (r.code !== 'SessionExpired' && retries > 0) return this.#deleteNode(path, retries - 1);
      this.#failedDeletions.add(path);
    });
  }

  /** lookForOrphans: every task under /hbase/splitWAL is read and watched; RESCAN nodes are finished off. */
  #lookForOrphans(): void {
    this.#zk.getChildren(this.#parent, false, (r) => {
      if (r.code !== 'ok') return;
      for (const name of [...(r.value ?? [])].sort()) {
        const path = joinZNode(this.#parent, name);
        if (!isRescanNode(path)) this.#findOrCreateOrphanTask(path);
        this.#getDataSetWatch(path, ZK_RETRIES);
      }
    });
  }

  /**
   * SplitLogManager.TimeoutMonitor.chore: tasks of dead workers are resubmitted (FORCE), silent ones (CHECK);
   * when every task has sat unassigned for hbase.splitlog.manager.unassigned.timeout (1.5 × the task timeout,
   * as 180 s to 120 s), the manager checks they still exist and puts up a RESCAN; failed deletions are retried.
   */
  #timeoutMonitor(): void {
    if (this.master.state === 'ABORTED') return;
    const dead = [...this.#deadWorkers];
    this.#deadWorkers.clear();
    let total = 0;
    let unassigned = 0;
    for (const [path, task] of [...this.#tasks].sort(byKey)) {
      if (task.status !== 'IN_PROGRESS') continue;
      total++;
      if (task.isUnassigned()) {
        unassigned++;
        continue;
      }
      const worker = task.curWorker as ServerName;
      if (dead.includes(worker)) {
        this.#resubmitTask(path, task, 'FORCE', (resubmitted) => !resubmitted && this.handleDeadWorker(worker));
        continue;
      }
      this.#resubmitTask(path, task, 'CHECK', () => {});
    }
    const unassignedTimeoutMs = Math.round(this.#settings.managerTimeoutMs * 1.5);
    if (total > 0 && unassigned === total && this.master.ctx.now() - this.#lastTaskCreateTime > unassignedTimeoutMs) {
      for (const [path, task] of this.#tasks) if (task.status === 'IN_PROGRESS' && !task.isOrphan()) this.#getDataSetWatch(path, -1);
      this.#rescan(ZK_RETRIES);
      this.#lastTaskCreateTime = this.master.ctx.now();
    }
    for (const path of [...this.#failedDeletions].sort()) this.#deleteNode(path, ZK_RETRIES);
    this.master.ctx.setTimer(TIMEOUT_MONITOR_PERIOD_MS, () => this.#timeoutMonitor());
  }
}

/**
 * The split-log failpoints of the master, `master.zk.splitlog.<step>` (a fault may crash or pause it there); those
 * naming the dead server are also steps `systematic --assignment zk` crashes the master at (`master.zk.step`).
 */
function zkSplitLogStep(master: HMaster, step: string, detail: Record<string, unknown>): void {
  if (typeof detail.server === 'string') return zkStep(master, `splitlog.${step}`, { ...detail, server: detail.server });
  master.failpoint(`master.zk.splitlog.${step}`, detail);
}
