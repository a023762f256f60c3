/**
 * The ZooKeeper era's assignment (HBase 1.1, issue 12): ZKAssign's version compare-and-set, a RegionServer
 * abandoning an open whose znode was taken from it, and a new master's processRegionInTransition for each state
 * a dead master can leave a region's znode in (seed 003).
 */
import { describe, expect, test } from 'vitest';
import { checkAssignment } from '../../checkers/assignment/check.ts';
import { Simulation } from '../../harness/simulation.ts';
import type { ProcessContext } from '../../harness/scheduler.ts';
import { runHBaseScenario, type HBaseScenarioSpec } from '../../runner/scenarios/hbase.ts';
import { steady } from '../../runner/scenarios/steady.ts';
import { recordedEvents, type TraceEvent } from '../../schema/trace.ts';
import type { Cluster } from '../../system/cluster.ts';
import type { ZKWatcher } from '../../system/hbase/ports.ts';
import { META_REGION } from '../../system/hbase/region-info.ts';
import { createNodeClosing, createOrForceNodeOffline, deleteNode, readTransition, ritZNode, transitionNode } from '../../system/hbase/zk-assign.ts';

const ZK_STEADY: HBaseScenarioSpec = { ...steady.spec, cluster: { ...steady.spec.cluster, assignment: 'zk' }, durationMs: 24_000 };

/** Run `script` as an operator process with a ZooKeeper session of its own, once the cluster is up. */
function withZooKeeper(script: (zk: ZKWatcher, ctx: ProcessContext, finish: () => void) => void): void {
  const sim = new Simulation({ seed: 3 });
  let finished = false;
  runHBaseScenario(sim, { ...ZK_STEADY, durationMs: 8_000, quietMs: 0, finalReadsMs: 0 }, ({ cluster }) => {
    cluster.sim.scheduler.at(4_000, () => cluster.sim.scheduler.spawn('operator', (ctx) => script(cluster.zkFor(ctx), ctx, () => (finished = true))));
  });
  expect(finished).toBe(true);
}

/** Chain of ZooKeeper steps, each taking the previous one's result. */
function steps(zk: ZKWatcher, finish: () => void, list: Array<(next: () => void) => void>): void {
  const run = (i: number): void => {
    const step = list[i];
    if (step === undefined) return finish();
    step(() => run(i + 1));
  };
  run(0);
}

describe('ZKAssign: every RegionServer transition is a compare-and-set on the znode version', () => {
  const parent = '/test-rit';
  const rs1 = 'rs-1,16020,1';
  const rs2 = 'rs-2,16020,1';

  test('OFFLINE→OPENING→OPENED at the versions seen; a stale version, or a node addressed to another server, loses', () => {
    const seen: Record<string, number | boolean> = {};
    withZooKeeper((zk, _ctx, finish) =>
      steps(zk, finish, [
        (next) => zk.create(parent, null, 'PERSISTENT', () => next()),
        (next) => createOrForceNodeOffline(zk, parent, 'r1', rs1, (v) => ((seen.offline = v), next())),
        (next) => transitionNode(zk, parent, 'r1', rs2, 'M_ZK_REGION_OFFLINE', 'RS_ZK_REGION_OPENING', 0, (v) => ((seen.otherServer = v), next())),
        (next) => transitionNode(zk, parent, 'r1', rs1, 'M_ZK_REGION_OFFLINE', 'RS_ZK_REGION_OPENING', 0, (v) => ((seen.opening = v), next())),
        (next) => transitionNode(zk, parent, 'r1', rs1, 'M_ZK_REGION_OFFLINE', 'RS_ZK_REGION_OPENING', 0, (v) => ((seen.openingAgain = v), next())),
        (next) => transitionNode(zk, parent, 'r1', rs1, 'RS_ZK_REGION_OPENING', 'RS_ZK_REGION_OPENING', 1, (v) => ((seen.tickle = v), next())),
        (next) => transitionNode(zk, parent, 'r1', rs1, 'RS_ZK_REGION_OPENING', 'RS_ZK_REGION_OPENED', 1, (v) => ((seen.openedStale = v), next())),
        (next) => transitionNode(zk, parent, 'r1', rs1, 'RS_ZK_REGION_OPENING', 'RS_ZK_REGION_OPENED', 2, (v) => ((seen.opened = v), next())),
        (next) => deleteNode(zk, parent, 'r1', 'RS_ZK_REGION_OPENING', -1, (d) => ((seen.deleteWrongState = d), next())),
        (next) => deleteNode(zk, parent, 'r1', 'RS_ZK_REGION_OPENED', 2, (d) => ((seen.deleteWrongVersion = d), next())),
        (next) => deleteNode(zk, parent, 'r1', 'RS_ZK_REGION_OPENED', 3, (d) => ((seen.deleted = d), next())),
      ]),
    );
    expect(seen).toEqual({ offline: 0, otherServer: -1, opening: 1, openingAgain: -1, tickle: 2, openedStale: -1, opened: 3, deleteWrongState: false, deleteWrongVersion: false, deleted: true });
  });

  test('a forced OFFLINE bumps the version: the RegionServer that held the old one is hijacked and abandons', () => {
    const seen: Record<string, number | string | null> = {};
    withZooKeeper((zk, _ctx, finish) =>
      steps(zk, finish, [
        (next) => zk.create(parent, null, 'PERSISTENT', () => next()),
        (next) => createOrForceNodeOffline(zk, parent, 'r2', rs1, () => next()),
        (next) => transitionNode(zk, parent, 'r2', rs1, 'M_ZK_REGION_OFFLINE', 'RS_ZK_REGION_OPENING', 0, (v) => ((seen.opening = v), next())),
        // The master gives up on rs1 and forces the node OFFLINE for rs2 (createOrForceNodeOffline on a new plan).
        (next) => createOrForceNodeOffline(zk, parent, 'r2', rs2, (v) => ((seen.forced = v), next())),
        (next) => transitionNode(zk, parent, 'r2', rs1, 'RS_ZK_REGION_OPENING', 'RS_ZK_REGION_OPENED', 1, (v) => ((seen.hijacked = v), next())),
        (next) => transitionNode(zk, parent, 'r2', rs2, 'M_ZK_REGION_OFFLINE', 'RS_ZK_REGION_OPENING', 2, (v) => ((seen.newOwner = v), next())),
        (next) => createNodeClosing(zk, parent, 'r2', rs2, (r) => ((seen.closingOverExisting = 'exists' in r ? 'exists' : 'created'), next())),
        (next) => readTransition(zk, ritZNode(parent, 'r2'), false, (vt) => ((seen.final = vt === null ? null : `${vt.rt.eventType}@${vt.version} ${vt.rt.serverName}`), next())),
      ]),
    );
    expect(seen).toEqual({ opening: 1, forced: 2, hijacked: -1, newOwner: 3, closingOverExisting: 'exists', final: `RS_ZK_REGION_OPENING@3 ${rs2}` });
  });
});

interface ZkRun {
  events: readonly TraceEvent[];
  /** eventType of each RIT znode the new master processed at failover (processRegionInTransition). */
  processed: string[];
  cluster: Cluster;
}

/**
 * A ZooKeeper-era steady run in which `when` decides, at each failpoint passed after 4 s, whether to crash the
 * active master right there (once); the backup takes over. The crashed master is not restarted.
 */
function crashMasterWhen(when: (name: string, detail: Record<string, unknown>, cluster: Cluster) => boolean, seed = 1): ZkRun {
  const sim = new Simulation({ seed });
  const processed: string[] = [];
  let crashed = false;
  let cluster: Cluster | undefined;
  runHBaseScenario(sim, ZK_STEADY, (run) => {
    cluster = run.cluster;
    const c = run.cluster;
    c.failpoint = (_ctx, name, detail) => {
      if (name === 'master.zk.processRegionInTransition') processed.push(String(detail.eventType));
      if (crashed || c.sim.scheduler.now < 4_000) return;
      const active = c.activeMaster();
      if (active === undefined || active.state !== 'INITIALIZED' || !when(name, detail, c)) return;
      crashed = true;
      c.sim.scheduler.crash(active.ctx.id);
    };
  });
  expect(crashed).toBe(true);
  return { events: recordedEvents(sim.trace), processed, cluster: cluster as Cluster };
}

function expectRecovered(run: ZkRun, state: string): void {
  expect(run.processed).toContain(state);
  const join = run.events.filter((e) => e.type === 'master.joinCluster');
  expect(join.at(-1)).toMatchObject({ failover: true });
  const verdict = checkAssignment(run.events);
  expect(verdict.violations).toEqual([]);
  expect(verdict.valid).toBe(true);
}

describe('master failover: processRegionInTransition finishes or undoes each state the dead master left (seed 003)', () => {
  test('M_ZK_REGION_OFFLINE (died before sending the open): the open is re-sent to the same server', () => {
    expectRecovered(crashMasterWhen((name) => name === 'master.zk.assign.beforeSendRegionOpen'), 'M_ZK_REGION_OFFLINE');
  });

  test('M_ZK_REGION_CLOSING (died before sending the close): the close is re-sent, the region reopened', () => {
    expectRecovered(crashMasterWhen((name) => name === 'master.zk.unassign.beforeSendRegionClose'), 'M_ZK_REGION_CLOSING');
  });

  test('RS_ZK_REGION_OPENING (died while a RegionServer opened): the new master waits for OPENED and takes it', () => {
    // The opening server's meta put is held up (cut off from the other RegionServers for 12 s) so that it is still
    // OPENING when the new master looks.
    let cut: { heal(): void } | null = null;
    const run = crashMasterWhen((name, detail, cluster) => {
      if (name !== 'rs.zk.openRegion.beforeMetaUpdate') return false;
      const rs = cluster.regionServerIds.find((id) => cluster.regionServer(id)?.serverName === detail.server);
      if (rs === undefined || cluster.regionServer(rs)?.online.has(META_REGION.encodedName)) return false;
      cut = cluster.sim.network.blockOneWay([rs], cluster.regionServerIds);
      cluster.sim.scheduler.at(cluster.sim.scheduler.now + 12_000, () => cut?.heal());
      return true;
    });
    expectRecovered(run, 'RS_ZK_REGION_OPENING');
  });

  test('RS_ZK_REGION_OPENED (died before deleting the znode): OpenedRegionHandler runs on the new master', () => {
    expectRecovered(crashMasterWhen((name) => name === 'master.zk.openedRegionHandler'), 'RS_ZK_REGION_OPENED');
  });

  test('RS_ZK_REGION_CLOSED (died while a RegionServer closed): ClosedRegionHandler reassigns it', () => {
    expectRecovered(crashMasterWhen((name) => name === 'rs.zk.closeRegion.beforeClosed'), 'RS_ZK_REGION_CLOSED');
  });
});

describe('a RegionServer whose znode was taken from it mid-open abandons the open', () => {
  test('forced OFFLINE just before its OPENING→OPENED CAS: it never serves the region and leaves no transition behind', () => {
    const sim = new Simulation({ seed: 2 });
    let hijacked: { region: string; process: string; time: number } | null = null;
    let operatorZk: ZKWatcher | null = null;
    let leftInTransition: boolean | null = null;
    runHBaseScenario(sim, ZK_STEADY, ({ cluster }) => {
      cluster.sim.scheduler.at(3_000, () => cluster.sim.scheduler.spawn('operator', (octx) => void (operatorZk = cluster.zkFor(octx))));
      cluster.failpoint = (ctx, name, detail) => {
        if (hijacked !== null || operatorZk === null || name !== 'rs.zk.openRegion.beforeOpened' || cluster.sim.scheduler.now < 4_000) return;
        const region = String(detail.region);
        hijacked = { region, process: ctx.id, time: cluster.sim.scheduler.now };
        // As the master does on a new plan (createOrForceNodeOffline): OFFLINE for another server, a new version.
        const path = ritZNode(cluster.activeMaster()!.layout.znode.regionInTransition, region);
        operatorZk.setData(path, { eventType: 'M_ZK_REGION_OFFLINE', regionName: region, serverName: 'rs-0,16020,1' }, () => {});
        cluster.sim.scheduler.at(cluster.sim.scheduler.now + 1_000, () => (leftInTransition = cluster.regionServer(ctx.id)?.inTransition.has(region) ?? null));
      };
    });
    expect(hijacked).not.toBeNull();
    const { region, time } = hijacked as unknown as { region: string; time: number };
    const events = recordedEvents(sim.trace);
    expect(events.filter((e) => e.type === 'region.opened' && e.region === region && e.time >= time)).toEqual([]);
    expect(leftInTransition).toBe(false);
  });
});

describe('a RegionServer whose OPENING→OPENED write fails because the znode vanished (HBASE-9387)', () => {
  /** Deletes a user region's znode just before its OPENED write, as HBase's own test does; the region and server. */
  function vanishBeforeOpened(bugs: readonly string[]) {
    const sim = new Simulation({ seed: 2 });
    let vanished: { region: string; process: string } | null = null;
    let operatorZk: ZKWatcher | null = null;
    const spec: HBaseScenarioSpec = { ...ZK_STEADY, cluster: { ...ZK_STEADY.cluster, bugs: [...bugs] } };
    runHBaseScenario(sim, spec, ({ cluster }) => {
      cluster.sim.scheduler.at(3_000, () => cluster.sim.scheduler.spawn('operator', (octx) => void (operatorZk = cluster.zkFor(octx))));
      cluster.failpoint = (ctx, name, detail) => {
        if (vanished !== null || operatorZk === null || name !== 'rs.zk.openRegion.beforeOpened' || detail.region === META_REGION.encodedName || cluster.sim.scheduler.now < 4_000) return;
        vanished = { region: String(detail.region), process: ctx.id };
        operatorZk.delete(ritZNode(cluster.activeMaster()!.layout.znode.regionInTransition, String(detail.region)), () => {});
      };
    });
    expect(vanished).not.toBeNull();
    return { ...(vanished as unknown as { region: string; process: string }), events: recordedEvents(sim.trace) };
  }

  test('the RegionServer aborts; its ServerShutdownHandler reassigns the region after the log split', () => {
    const { region, process, events } = vanishBeforeOpened([]);
    const aborted = events.find((e) => e.type === 'rs.aborted' && e.process === process);
    expect(aborted !== undefined && aborted.type === 'rs.aborted' ? aborted.reason : '').toContain('the znode disappeared');
    expect(events.some((e) => e.type === 'region.opened' && e.region === region && e.time > aborted!.time)).toBe(true);
    expect(checkAssignment(events).violations).toEqual([]);
  });

  test('with opened-transition-failure-closes-region it closes the region instead, and nobody serves it', () => {
    const { region, process, events } = vanishBeforeOpened(['opened-transition-failure-closes-region']);
    expect(events.some((e) => e.type === 'rs.aborted' && e.process === process)).toBe(false);
    expect(checkAssignment(events).violations.some((v) => 'region' in v && v.region === region)).toBe(true);
  });
});

describe('a RegionServer that dies with a region in transition across a master failover', () => {
  test('its region is reassigned only after its logs are split, by its ServerShutdownHandler once failover cleanup is done (HBASE-6381)', () => {
    let region = '';
    let server = '';
    const run = crashMasterWhen((name, detail, cluster) => {
      if (name !== 'rs.zk.openRegion.beforeMetaUpdate') return false;
      const id = cluster.regionServerIds.find((rs) => cluster.regionServer(rs)?.serverName === detail.server);
      if (id === undefined || cluster.regionServer(id)?.online.has(META_REGION.encodedName)) return false;
      region = String(detail.region);
      server = String(detail.server);
      cluster.sim.scheduler.crash(id);
      return true;
    });
    const events = run.events;
    const crashAt = events.find((e) => e.type === 'process.crash' && e.process.startsWith('rs-'))?.time ?? 0;
    const fenced = events.find((e) => e.type === 'master.serverFenced' && e.server === server);
    const cleanup = events.find((e) => e.type === 'master.joinCluster' && e.time > crashAt);
    const reassigned = events.find((e) => e.type === 'am.transition' && e.region === region && e.state === 'PENDING_OPEN' && e.time > crashAt);
    expect(fenced).toBeDefined();
    expect(cleanup).toBeDefined();
    expect(reassigned).toBeDefined();
    expect(reassigned!.time).toBeGreaterThan(fenced!.time);
    expect(reassigned!.time).toBeGreaterThanOrEqual(cleanup!.time);
    expect(checkAssignment(events).violations).toEqual([]);
  });
});
