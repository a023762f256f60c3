/**
 * Distributed log splitting in the ZooKeeper era (HBase 1.1, issue 12 item 4, seed 004): the SplitLogManager puts
 * up one task per WAL of a dead server under /hbase/splitWAL, SplitLogWorkers on the RegionServers take them by
 * version-guarded writes, and the manager deletes each once DONE — also when the worker taking it dies (its task
 * is resubmitted and another worker finishes it) and when the master dies mid-split (the next master adopts the
 * tasks). Asserted on the trace's znode events, not on timings.
 */
import { describe, expect, test } from 'vitest';
import { checkAssignment } from '../../checkers/assignment/check.ts';
import { Simulation } from '../../harness/simulation.ts';
import { runHBaseScenario, type HBaseScenarioSpec } from '../../runner/scenarios/hbase.ts';
import { steady } from '../../runner/scenarios/steady.ts';
import { recordedEvents, type TraceEvent } from '../../schema/trace.ts';
import type { Cluster } from '../../system/cluster.ts';
import { META_REGION } from '../../system/hbase/region-info.ts';
import { taskZNode, urlEncode, walPathOfTask } from '../../system/hbase/split-log-task.ts';

const SPLIT_WAL = '/hbase/splitWAL';
const ZK_STEADY: HBaseScenarioSpec = { ...steady.spec, cluster: { ...steady.spec.cluster, assignment: 'zk' }, durationMs: 40_000 };

interface TaskEvent {
  time: number;
  kind: 'created' | 'changed' | 'deleted';
  task: string;
  state?: string;
  server?: string;
}

/** The split tasks' znode events, RESCAN nodes apart. */
function taskEvents(events: readonly TraceEvent[]): TaskEvent[] {
  const out: TaskEvent[] = [];
  for (const e of events) {
    if (e.type !== 'zk.znode.created' && e.type !== 'zk.znode.changed' && e.type !== 'zk.znode.deleted') continue;
    if (!e.path.startsWith(`${SPLIT_WAL}/`) || e.path.startsWith(`${SPLIT_WAL}/RESCAN`)) continue;
    const data = 'data' in e ? (e.data as { state?: string; server?: string } | null) : null;
    out.push({ time: e.time, kind: e.type === 'zk.znode.created' ? 'created' : e.type === 'zk.znode.changed' ? 'changed' : 'deleted', task: e.path, ...(data?.state ? { state: data.state, server: data.server } : {}) });
  }
  return out;
}

/** The tasks of the WALs of `server` (its `-splitting` directory). */
const tasksOf = (tasks: readonly TaskEvent[], server: string) => tasks.filter((t) => walPathOfTask(t.task).startsWith(`WALs/${server}-splitting/`));

/**
 * A ZooKeeper-era steady run: rs-1 crashes at 5 s (not restarted); `onFailpoint` may inject more at any failpoint
 * after that. Returns the trace and the crashed server's name.
 */
function run(onFailpoint: (name: string, detail: Record<string, unknown>, cluster: Cluster) => void = () => {}, seed = 1): { events: readonly TraceEvent[]; dead: string } {
  const sim = new Simulation({ seed });
  let dead = '';
  runHBaseScenario(sim, ZK_STEADY, ({ cluster }) => {
    cluster.sim.scheduler.at(5_000, () => {
      const victim = cluster.regionServerIds.find((id) => !cluster.regionServer(id)?.online.has(META_REGION.encodedName));
      dead = cluster.regionServer(victim as string)?.serverName ?? '';
      cluster.sim.scheduler.crash(victim as string);
    });
    cluster.failpoint = (_ctx, name, detail) => {
      if (cluster.sim.scheduler.now > 5_000) onFailpoint(name, detail, cluster);
    };
  });
  return { events: recordedEvents(sim.trace), dead };
}

describe('ZKSplitLog task names', () => {
  test('a task is the WAL path relative to the root dir, URL-encoded as java.net.URLEncoder does', () => {
    expect(urlEncode('WALs/rs-1,16020,1-splitting/rs-1%2C16020%2C1.000000000001')).toBe('WALs%2Frs-1%2C16020%2C1-splitting%2Frs-1%252C16020%252C1.000000000001');
    expect(urlEncode('a b*._-~')).toBe('a+b*._-%7E');
    const task = taskZNode(SPLIT_WAL, 'WALs/rs-1,16020,1-splitting/rs-1%2C16020%2C1.000000000001.meta');
    expect(walPathOfTask(task)).toBe('WALs/rs-1,16020,1-splitting/rs-1%2C16020%2C1.000000000001.meta');
  });
});

describe('distributed log splitting: SplitLogManager tasks taken by SplitLogWorkers', () => {
  test('a dead server\'s WAL becomes a task: UNASSIGNED by the master, OWNED and DONE by a live worker, then deleted — before its regions reopen', () => {
    const { events, dead } = run();
    const tasks = tasksOf(taskEvents(events), dead);
    expect(tasks.length).toBeGreaterThan(0);
    const task = tasks[0]!.task;
    const life = tasks.filter((t) => t.task === task);
    expect(life[0]).toMatchObject({ kind: 'created', state: 'UNASSIGNED' });
    expect(life[0]!.server).toMatch(/^master-/);
    const owned = life.find((t) => t.state === 'OWNED');
    const done = life.find((t) => t.state === 'DONE');
    expect(owned?.server).toMatch(/^rs-/);
    expect(owned?.server).not.toBe(dead);
    expect(done?.server).toBe(owned?.server);
    expect(life.at(-1)?.kind).toBe('deleted');
    expect(life.at(-1)!.time).toBeGreaterThan(done!.time);
    // The worker wrote the recovered edits, and the dead server's regions opened only after the split.
    const split = events.find((e) => e.type === 'master.walSplit' && e.server === dead);
    expect(split).toBeDefined();
    expect(events.some((e) => e.type === 'hdfs.rename' && e.dst.includes('/recovered.edits/') && e.src.includes(String(owned?.server).replaceAll(',', '%2C')))).toBe(true);
    const deadRegions = new Set(events.filter((e) => e.type === 'region.opened' && e.server === dead).map((e) => (e as { region: string }).region));
    const reopened = events.filter((e) => e.type === 'region.opened' && deadRegions.has(e.region) && e.server !== dead);
    expect(reopened.length).toBe(deadRegions.size);
    for (const e of reopened) expect(e.time).toBeGreaterThan(split!.time);
    expect(checkAssignment(events).violations).toEqual([]);
  });

  test('a worker that dies with a task OWNED: the task is resubmitted (back to UNASSIGNED) and another worker finishes it', () => {
    let killed = '';
    const { events, dead } = run((name, detail, cluster) => {
      if (killed !== '' || name !== 'rs.zk.splitlog.taskOwned') return;
      // Whichever worker took the task, hbase:meta's server or not.
      const id = cluster.regionServerIds.find((rs) => cluster.regionServer(rs)?.serverName === detail.server);
      if (id === undefined) return;
      killed = String(detail.server);
      cluster.sim.scheduler.crash(id);
    });
    expect(killed).not.toBe('');
    const all = taskEvents(events);
    const ownedByKilled = all.find((t) => t.state === 'OWNED' && t.server === killed);
    expect(ownedByKilled).toBeDefined();
    const life = all.filter((t) => t.task === ownedByKilled!.task && t.time >= ownedByKilled!.time);
    const resubmitted = life.findIndex((t) => t.kind === 'changed' && t.state === 'UNASSIGNED');
    expect(resubmitted).toBeGreaterThan(0);
    const after = life.slice(resubmitted);
    const finisher = after.find((t) => t.state === 'DONE')?.server;
    expect(finisher).toBeDefined();
    expect(finisher).not.toBe(killed);
    expect(after.find((t) => t.state === 'OWNED')?.server).toBe(finisher);
    expect(life.at(-1)?.kind).toBe('deleted');
    expect(events.some((e) => e.type === 'master.walSplit' && e.server === dead)).toBe(true);
    expect(checkAssignment(events).violations).toEqual([]);
  });

  test('a master that dies with split tasks outstanding: the next master adopts them (lookForOrphans, or its own batch finding the znodes), waits for DONE and deletes them', () => {
    let crashedMaster = '';
    const { events, dead } = run((name, _detail, cluster) => {
      if (crashedMaster !== '' || name !== 'master.zk.splitlog.batchInstalled') return;
      const active = cluster.activeMaster();
      if (active === undefined) return;
      crashedMaster = active.serverName;
      cluster.sim.scheduler.crash(active.ctx.id);
    });
    expect(crashedMaster).not.toBe('');
    const tasks = tasksOf(taskEvents(events), dead);
    const created = tasks.find((t) => t.kind === 'created');
    expect(created?.server).toBe(crashedMaster);
    const next = events.find((e) => e.type === 'master.active' && e.server !== crashedMaster && e.time > created!.time);
    expect(next).toBeDefined();
    const life = tasks.filter((t) => t.task === created!.task);
    expect(life.some((t) => t.state === 'DONE')).toBe(true);
    const deleted = life.find((t) => t.kind === 'deleted');
    expect(deleted).toBeDefined();
    expect(deleted!.time).toBeGreaterThan(next!.time);
    // The new master finished the dead server's split and reopened its regions.
    expect(events.some((e) => e.type === 'master.walSplit' && e.server === dead && e.master === (next as { server: string }).server)).toBe(true);
    expect(checkAssignment(events).violations).toEqual([]);
  });
});
