import { describe, expect, test } from 'vitest';
import '../../runner/scenarios/index.ts';
import { findScenario } from '../../runner/scenarios/registry.ts';
import { runSeed } from '../../runner/run-seed.ts';
import { simulate } from '../../runner/simulate.ts';
import type { SharedZooKeeperSpec } from '../../runner/scenarios/shared-zookeeper.ts';
import { PLANTED_BUGS } from '../../system/bugs.ts';
import { SCENARIO_CONFIG, validateConfig } from '../../system/hbase/config.ts';
import { HBaseLayout, layoutOf } from '../../system/hbase/paths.ts';
import type { TraceEvent } from '../../schema/trace.ts';

const MAX_SEEDS = 20;
const base = findScenario('shared-zookeeper')!;
const spec = base.spec as SharedZooKeeperSpec;

/** `a-rs-2,16020,5` or `a-client-1` → `a`; the shared services → null. */
const clusterOfProcess = (id: string) => /^([a-z][a-z0-9]*)-(master|rs|client|admin)/.exec(id)?.[1] ?? null;
/** `/hbase-a/rs/…` → `a`, under each cluster's znode parent or root dir. */
const clusterOfPath = (path: string, root: 'zookeeperZnodeParent' | 'rootDir') => spec.clusters.find((c) => path === c.cluster.config[root] || path.startsWith(`${c.cluster.config[root]}/`))?.name ?? null;

describe('zookeeper.znode.parent and hbase.rootdir', () => {
  test('every znode and file path of a cluster derives from its config', () => {
    const layout = layoutOf({ ...SCENARIO_CONFIG, zookeeperZnodeParent: '/hbase-x', rootDir: '/data/x' });
    for (const path of [...Object.values(layout.znode), layout.rsZNode('h,1,2'), layout.backupMasterZNode('m,1,2')]) expect(path.startsWith('/hbase-x')).toBe(true);
    for (const path of [...Object.values(layout.fs), layout.walFile('h,1,2', 1), layout.procWalFile(3)]) expect(path.startsWith('/data/x')).toBe(true);
    expect(layoutOf(SCENARIO_CONFIG).znode.master).toBe('/hbase/master');
    expect(layoutOf(SCENARIO_CONFIG).fs.procWals).toBe('/hbase/MasterProcWALs');
    expect(() => validateConfig({ ...SCENARIO_CONFIG, zookeeperZnodeParent: 'hbase' })).toThrow(/zookeeperZnodeParent/);
    // Scenario data written before the keys existed (schedule.json of old runs) still means /hbase.
    const { zookeeperZnodeParent: _z, rootDir: _r, ...older } = SCENARIO_CONFIG;
    expect(() => validateConfig(older)).not.toThrow();
    expect([layoutOf(older).znode.rs, layoutOf(older).fs.wals]).toEqual(['/hbase/rs', '/hbase/WALs']);
    expect(() => new HBaseLayout('/hbase', '/hbase/')).toThrow(/rootdir/);
  });
});

describe('shared-zookeeper: two HBase clusters on one ZooKeeper ensemble and one HDFS', () => {
  test('each cluster writes only its own znodes and files, and its end state names only its own servers', () => {
    const run = simulate(base, 1);
    const clientOfSession = new Map<number, string>();
    const written = { a: 0, b: 0 };
    const files = { a: 0, b: 0 };
    for (const e of run.trace as readonly TraceEvent[]) {
      if (e.type === 'zk.session.open') clientOfSession.set(e.session, e.client);
      if (e.type === 'zk.znode.created' || e.type === 'zk.znode.changed') {
        const writer = clusterOfProcess(clientOfSession.get(e.session) ?? '');
        expect({ path: e.path, writer }).toEqual({ path: e.path, writer: clusterOfPath(e.path, 'zookeeperZnodeParent') });
        written[writer as 'a' | 'b']++;
      }
      if (e.type === 'hdfs.create') {
        const owner = clusterOfProcess(e.holder.replace(/^DFSClient_/, ''));
        expect({ path: e.path, owner }).toEqual({ path: e.path, owner: clusterOfPath(e.path, 'rootDir') });
        files[owner as 'a' | 'b']++;
      }
    }
    expect(written.a).toBeGreaterThan(10);
    expect(written.b).toBeGreaterThan(10);
    expect(files.a).toBeGreaterThan(3);
    expect(files.b).toBeGreaterThan(3);
    const finals = run.trace.filter((e): e is Extract<TraceEvent, { type: 'cluster.final' }> => e.type === 'cluster.final');
    expect(finals.map((f) => f.cluster)).toEqual(['a', 'b']);
    for (const f of finals) {
      const servers = [...f.activeMasters, ...Object.keys(f.regionServers), ...(f.metaLocation?.server ? [f.metaLocation.server] : [])];
      expect(servers.length).toBeGreaterThan(0);
      for (const sn of servers) expect(clusterOfProcess(sn)).toBe(f.cluster);
    }
    const keys = new Set(run.history.map((op) => op.key.split(':')[0]));
    expect([...keys].sort()).toEqual(['a', 'b']);
  });

  test('the verdict judges each cluster on its own, and a run is deterministic', () => {
    const first = runSeed(base, 2, { write: 'never' });
    expect(Object.keys(first.verdict.checkers).sort()).toEqual(['a/assignment', 'a/linearizability', 'b/assignment', 'b/linearizability']);
    expect(first.verdict.valid).toBe(true);
    const again = runSeed(base, 2, { write: 'never' });
    expect(again.run.digest).toBe(first.run.digest);
    expect(runSeed(base, 3, { write: 'never' }).run.digest).not.toBe(first.run.digest);
  });

  test('a planted bug in one cluster is caught in that cluster\'s verdict only', () => {
    const bug = PLANTED_BUGS.find((b) => b.name === 'assign-before-log-split')!;
    const scenario = { ...base, spec: { ...spec, clusters: spec.clusters.map((c) => (c.name === 'b' ? { ...c, cluster: { ...c.cluster, bugs: [bug.name] } } : c)) } };
    let caughtAt: number | null = null;
    for (let seed = 1; seed <= MAX_SEEDS && caughtAt === null; seed++) {
      const { verdict } = runSeed(scenario, seed, { write: 'never' });
      expect(verdict.checkers[`a/${bug.caughtBy}`]?.valid, `seed ${seed}: cluster a, which has no bug`).toBe(true);
      expect(verdict.checkers['a/assignment']?.valid, `seed ${seed}: cluster a, which has no bug`).toBe(true);
      if (verdict.checkers[`b/${bug.caughtBy}`]?.valid === false) caughtAt = seed;
    }
    expect(caughtAt, `${bug.name} in cluster b not caught by b/${bug.caughtBy} in seeds 1–${MAX_SEEDS}`).not.toBeNull();
    // The same seed without the bug is valid: the violation is the bug's doing.
    expect(runSeed(base, caughtAt!, { write: 'never' }).verdict.valid).toBe(true);
  });
});
