import { describe, expect, test } from 'vitest';
import { Simulation } from '../../harness/simulation.ts';
import { recordedEvents } from '../../schema/trace.ts';
import { checkAssignment } from '../../checkers/assignment/check.ts';
import { runHBaseScenario, type HBaseScenarioSpec } from '../../runner/scenarios/hbase.ts';
import { steady } from '../../runner/scenarios/steady.ts';

const spec: HBaseScenarioSpec = { ...steady.spec, durationMs: 20_000 };
/** A small roll threshold, so that servers roll by size within the run. */
const smallWals: HBaseScenarioSpec = { ...spec, cluster: { ...spec.cluster, config: { ...spec.cluster.config, walRollSizeRecords: 200 } } };

function run(seed: number, arm?: Parameters<typeof runHBaseScenario>[2], s: HBaseScenarioSpec = spec) {
  const sim = new Simulation({ seed });
  const hbase = runHBaseScenario(sim, s, arm);
  return { sim, ...hbase };
}

const events = (sim: Simulation, type: string) => sim.trace.events.filter((e) => e.type === type);

describe('the RegionServer WAL rolls (AbstractFSWAL, LogRoller)', () => {
  test('a failed sync requeues its appends and rolls instead of aborting; the appends are acknowledged from the new file', () => {
    const { sim, cluster } = run(1, ({ cluster }) => {
      cluster.sim.scheduler.at(6_000, () => cluster.hdfs.failSyncs({ process: 'rs-2' }, { times: 1 }));
    });
    const failed = events(sim, 'rs.wal.syncFailed').filter((e) => String(e.server).startsWith('rs-2,'));
    expect(failed.length).toBe(1);
    const rolled = events(sim, 'rs.wal.rolled').filter((e) => e.reason === 'syncFailed');
    expect(rolled.length).toBe(1);
    expect(rolled[0]!.server).toBe(failed[0]!.server);
    expect(rolled[0]!.requeued).toBeGreaterThanOrEqual(failed[0]!.unacked as number);
    expect(events(sim, 'rs.aborted')).toEqual([]);
    // The requeued appends landed in the new file: it holds at least as many records as were requeued.
    const records = cluster.hdfs.readFile(String(rolled[0]!.path)) ?? [];
    expect(records.length).toBeGreaterThanOrEqual(rolled[0]!.requeued as number);
    expect(sim.history.ops.filter((o) => o.type === 'info')).toEqual([]);
    expect(checkAssignment(recordedEvents(sim.trace)).violations).toEqual([]);
  });

  test('WALs roll by size; hbase:meta writes to a .meta WAL of its own', () => {
    const { sim } = run(2, undefined, smallWals);
    const bySize = events(sim, 'rs.wal.rolled').filter((e) => e.reason === 'size');
    expect(bySize.length).toBeGreaterThan(0);
    const creates = events(sim, 'hdfs.create').map((e) => String(e.path)).filter((p) => p.startsWith('/hbase/WALs/'));
    expect(creates.filter((p) => p.endsWith('.meta'))).toHaveLength(1);
  });

  test('a server that died with several WAL files has all of them split, in order, before its regions reopen', () => {
    let dead = '';
    const { sim } = run(3, ({ cluster }) => {
      cluster.sim.scheduler.at(12_000, () => {
        // The server that rolled most (no hand-picked victim: whichever wrote most).
        const [victim] = cluster.regionServerIds.map((id) => cluster.regionServer(id)!).sort((a, b) => (b.wal?.fileNum ?? 0) - (a.wal?.fileNum ?? 0));
        dead = victim!.serverName;
        cluster.sim.scheduler.crash(victim!.ctx.id);
      });
    }, smallWals);
    const rolls = events(sim, 'rs.wal.rolled').filter((e) => e.server === dead && !String(e.path).endsWith('.meta'));
    expect(rolls.length).toBeGreaterThan(0);
    const split = events(sim, 'master.walSplit').filter((e) => e.server === dead);
    expect(split.some((e) => (e.files as number) === rolls.length + 1)).toBe(true);
    expect(checkAssignment(recordedEvents(sim.trace)).violations).toEqual([]);
  });

  test('a zombie whose WAL lease was recovered cannot roll into the renamed directory: the roll fails and it aborts', () => {
    let zombie = '';
    const { sim } = run(4, ({ cluster }) => {
      cluster.sim.scheduler.at(6_000, () => {
        zombie = cluster.regionServer('rs-2')?.serverName ?? '';
        cluster.sim.scheduler.pause('rs-2');
      });
      cluster.sim.scheduler.at(15_000, () => cluster.sim.scheduler.resume('rs-2'));
    });
    const renamed = events(sim, 'master.walDirRenamed').filter((e) => e.server === zombie);
    expect(renamed.length).toBeGreaterThan(0);
    const createFailed = events(sim, 'hdfs.create.failed').filter((e) => String(e.path).startsWith(`/hbase/WALs/${zombie}/`));
    const aborted = events(sim, 'rs.aborted').filter((e) => e.server === zombie);
    expect(aborted).toHaveLength(1);
    // Either the roll after the failed sync hit the missing directory (and aborted, unless the server learnt of its
    // death first), or the server learnt of its death before it wrote again; either way no new WAL file exists.
    for (const f of createFailed) expect(f.error).toBe('FileNotFoundException');
    expect(String(aborted[0]!.reason)).toMatch(/IOE in log roller|YouAreDeadException|ZooKeeper session expired/);
    expect(events(sim, 'hdfs.create').filter((e) => String(e.path).startsWith(`/hbase/WALs/${zombie}/`) && e.time > renamed[0]!.time)).toEqual([]);
  });
});

describe('sequence ids across reopen (HRegion.initializeRegionInternals, WALSplitUtil.writeRegionSequenceIdFile)', () => {
  test('a region reopened after crashes opens at a strictly higher sequence id each time, and every open writes a .seqid file', () => {
    const { sim } = run(5, ({ cluster }) => {
      // Two RegionServers crash and restart in turn: their regions reopen, some more than once.
      cluster.sim.scheduler.at(6_000, () => cluster.sim.scheduler.crash('rs-2'));
      cluster.sim.scheduler.at(7_000, () => cluster.sim.scheduler.restart('rs-2'));
      cluster.sim.scheduler.at(12_000, () => cluster.sim.scheduler.crash('rs-3'));
      cluster.sim.scheduler.at(13_000, () => cluster.sim.scheduler.restart('rs-3'));
    });
    const opened = events(sim, 'region.opened');
    const byRegion = new Map<string, number[]>();
    for (const e of opened) byRegion.set(String(e.region), [...(byRegion.get(String(e.region)) ?? []), e.seqNum as number]);
    const reopened = [...byRegion.values()].filter((seqs) => seqs.length > 1);
    expect(reopened.length).toBeGreaterThan(0);
    for (const seqs of reopened) for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]!);
    const seqIdFiles = events(sim, 'hdfs.create').filter((e) => String(e.path).endsWith('.seqid'));
    expect(seqIdFiles.length).toBeGreaterThanOrEqual(opened.length - 1);
  });

  test('HRegion.open: next sequence id is above the store, the recovered edits (markers included) and the .seqid file', async () => {
    const { HRegion } = await import('../../system/regionserver/hregion.ts');
    const wal = { appendAndSync: (_e: unknown, done: (ok: boolean) => void) => done(true) };
    const info = { encodedName: 'r1', table: 't', startKey: '', endKey: '', regionId: 1 } as never;
    expect(HRegion.open(info, { maxSeq: 10, rows: [], nonces: [] }, [], wal).openSeqNum).toBe(11);
    expect(HRegion.open(info, { maxSeq: 10, rows: [], nonces: [] }, [], wal, 20).openSeqNum).toBe(21);
    const marker = { region: 'r1', seq: 30, row: '', value: null, marker: 'REGION_OPEN' as const };
    const region = HRegion.open(info, { maxSeq: 10, rows: [['a', 1]], nonces: [] }, [marker], wal, 20);
    expect(region.openSeqNum).toBe(31);
    expect(region.get('a')).toBe(1);
    expect(region.get('')).toBe(null);
  });
});
