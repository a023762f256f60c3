import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Simulation } from '../../harness/simulation.ts';
import type { TraceRecord } from '../../harness/trace.ts';
import { tracer, type SystemTraceEvent } from '../../schema/trace.ts';
import { HdfsClient } from '../../system/hdfs/client.ts';
import type { HdfsOutputStream } from '../../system/hdfs/output-stream.ts';
import type { HdfsResult } from '../../system/hdfs/protocol.ts';
import { HdfsServer, type HdfsOptions } from '../../system/hdfs/server.ts';

const RPC = 200;

/** The runtime a system server is spawned on, with the trace typed as the system emits it. */
const runtime = (sim: Simulation) => ({ scheduler: sim.scheduler, network: sim.network, trace: tracer<SystemTraceEvent>(sim.trace) });

function world(seed = 1, options: HdfsOptions = {}) {
  const sim = new Simulation({ seed });
  const hdfs = HdfsServer.spawn(runtime(sim), options);
  const clients = new Map<string, HdfsClient>();
  const proc = (id: string) => {
    sim.scheduler.spawn(id, (ctx) => clients.set(id, new HdfsClient(ctx, sim.network, { rpcTimeoutMs: RPC })));
    return () => clients.get(id)!;
  };
  /** Issue a call, run the simulation until it answered, return its result. */
  const call = <T>(f: (cb: (r: HdfsResult<T>) => void) => void, ms = RPC + 50): HdfsResult<T> => {
    let result: HdfsResult<T> | undefined;
    f((r) => (result = r));
    sim.scheduler.runUntil(sim.scheduler.now + ms);
    if (result === undefined) throw new Error('no answer');
    return result;
  };
  const open = (fs: HdfsClient, path: string, options = {}) => {
    const r = call<HdfsOutputStream>((cb) => fs.create(path, options, cb));
    if (!r.ok) throw new Error(`create ${path}: ${r.error}`);
    return r.value;
  };
  const traced = (type: string) => sim.trace.events.filter((e) => e.type === type);
  return { sim, hdfs, proc, call, open, traced, run: (ms: number) => sim.scheduler.runUntil(sim.scheduler.now + ms) };
}

const err = (r: HdfsResult<unknown>) => (r.ok ? 'ok' : r.error);

describe('HDFS namespace', () => {
  test('mkdirs, create with and without createParent, FileAlreadyExists, overwrite, ParentNotDirectory, InvalidPath', () => {
    const { proc, call, open, hdfs } = world();
    const fs = proc('c');
    expect(call((cb) => fs().mkdirs('/a/b', cb))).toEqual({ ok: true, value: true });
    expect(err(call((cb) => fs().create('/x/y/f', { createParent: false }, cb)))).toBe('FileNotFoundException');
    const f = open(fs(), '/x/y/f'); // createParent defaults to true
    expect(hdfs.list('/x')).toEqual(['y']);
    f.write(1);
    call((cb) => f.close(cb));
    expect(err(call((cb) => fs().create('/x/y/f', {}, cb)))).toBe('FileAlreadyExistsException');
    expect(err(call((cb) => fs().create('/x/y', { overwrite: true }, cb)))).toBe('FileAlreadyExistsException');
    const g = open(fs(), '/x/y/f', { overwrite: true });
    expect(hdfs.readFile('/x/y/f')).toEqual([]);
    expect(err(call((cb) => fs().create('/x/y/f', {}, cb)))).toBe('AlreadyBeingCreatedException');
    expect(err(call((cb) => fs().create('/x/y/f/g', {}, cb)))).toBe('ParentNotDirectoryException');
    expect(err(call((cb) => fs().mkdirs('/x/y/f/g', cb)))).toBe('ParentNotDirectoryException');
    expect(err(call((cb) => fs().create('relative', {}, cb)))).toBe('InvalidPathException');
    expect(g.fileId).not.toBe(f.fileId);
    expect(hdfs.openFiles().map((o) => o.path)).toEqual(['/x/y/f']);
  });

  test('create with overwrite replaces a file still open, by its own client or another, and fences its writer (FSDirWriteFileOp.startFile)', () => {
    const { proc, call, open, hdfs } = world();
    const clients = { a: proc('a'), b: proc('b') };
    for (const [first, second] of [['a', 'a'], ['a', 'b']] as const) {
      const path = `/tmp-${first}${second}`;
      const old = open(clients[first](), path);
      old.write('lost');
      call((cb) => old.hsync(cb));
      const replacement = open(clients[second](), path, { overwrite: true });
      expect(replacement.fileId).not.toBe(old.fileId);
      expect(hdfs.readFile(path)).toEqual([]);
      old.write('late');
      expect(err(call((cb) => old.hsync(cb)))).toBe('FileNotFoundException');
      replacement.write('new');
      expect(call((cb) => replacement.hsync(cb))).toEqual({ ok: true, value: 1 });
      expect(hdfs.readFile(path)).toEqual(['new']);
    }
  });

  test('rename a file or a directory; destination must not exist, its parent must; not into itself', () => {
    const { proc, call, open, hdfs } = world();
    const fs = proc('c');
    call((cb) => fs().mkdirs('/d/sub', cb));
    const f = open(fs(), '/d/sub/f');
    call((cb) => f.close(cb));
    call((cb) => fs().mkdirs('/e', cb));
    expect(err(call((cb) => fs().rename('/nope', '/z', cb)))).toBe('FileNotFoundException');
    expect(err(call((cb) => fs().rename('/d', '/e', cb)))).toBe('FileAlreadyExistsException');
    expect(err(call((cb) => fs().rename('/d', '/missing/d', cb)))).toBe('FileNotFoundException');
    expect(err(call((cb) => fs().rename('/d', '/d/sub/d2', cb)))).toBe('IOException');
    expect(call((cb) => fs().rename('/d', '/e/d2', cb))).toEqual({ ok: true, value: true });
    expect(hdfs.list('/e/d2/sub')).toEqual(['f']);
    expect(call((cb) => fs().exists('/d', cb))).toEqual({ ok: true, value: false });
    expect(call((cb) => fs().rename('/e/d2/sub/f', '/e/g', cb))).toEqual({ ok: true, value: true });
    expect(hdfs.status('/e/g')).toMatchObject({ isDirectory: false, fileId: f.fileId, underConstruction: false });
  });

  test('delete: missing is false, non-empty needs recursive; listStatus sorted; getFileStatus', () => {
    const { proc, call, open } = world();
    const fs = proc('c');
    for (const name of ['c', 'a', 'b']) call((cb) => open(fs(), `/dir/${name}`).close(cb));
    const list = call<{ path: string }[]>((cb) => fs().listStatus('/dir', cb));
    expect(list.ok && list.value.map((s) => s.path)).toEqual(['/dir/a', '/dir/b', '/dir/c']);
    expect(err(call((cb) => fs().listStatus('/none', cb)))).toBe('FileNotFoundException');
    expect(err(call((cb) => fs().getFileStatus('/none', cb)))).toBe('FileNotFoundException');
    expect(call((cb) => fs().delete('/none', false, cb))).toEqual({ ok: true, value: false });
    expect(err(call((cb) => fs().delete('/dir', false, cb)))).toBe('PathIsNotEmptyDirectoryException');
    expect(call((cb) => fs().delete('/dir', true, cb))).toEqual({ ok: true, value: true });
    expect(call((cb) => fs().exists('/dir/a', cb))).toEqual({ ok: true, value: false });
  });
});

describe('HDFS writes and leases', () => {
  test('only synced records are visible and durable; close releases the lease', () => {
    const { proc, call, open, hdfs } = world();
    const fs = proc('w');
    const out = open(fs(), '/f');
    out.write({ seq: 1 });
    out.write({ seq: 2 });
    expect(hdfs.readFile('/f')).toEqual([]);
    expect(call((cb) => out.hflush(cb))).toEqual({ ok: true, value: 2 });
    expect(call((cb) => fs().read('/f', cb))).toEqual({ ok: true, value: [{ seq: 1 }, { seq: 2 }] });
    out.write({ seq: 3 });
    expect(hdfs.status('/f')).toMatchObject({ length: 2, underConstruction: true });
    call((cb) => out.close(cb));
    expect(hdfs.status('/f')).toMatchObject({ length: 3, underConstruction: false });
    expect(err(call((cb) => out.hsync(cb)))).toBe('ClosedChannelException');
  });

  test('a writer crash loses its unsynced records; its new incarnation cannot write, and recoverLease closes the file', () => {
    const { sim, proc, call, open, hdfs } = world();
    const fs = proc('rs1');
    const out = open(fs(), '/wal');
    for (let i = 0; i < 3; i++) out.write(i);
    call((cb) => out.hsync(cb));
    out.write(3);
    out.write(4);
    sim.scheduler.crash('rs1');
    sim.scheduler.restart('rs1');
    expect(hdfs.readFile('/wal')).toEqual([0, 1, 2]);
    expect(hdfs.openFiles()).toMatchObject([{ path: '/wal', holder: 'DFSClient_rs1_0' }]);
    expect(err(call((cb) => fs().create('/wal', {}, cb)))).toBe('AlreadyBeingCreatedException');
    expect(call((cb) => fs().recoverLease('/wal', cb))).toEqual({ ok: true, value: true });
    expect(hdfs.status('/wal')).toMatchObject({ length: 3, underConstruction: false });
  });

  test('fencing: after recoverLease the old writer’s sync fails (LeaseExpiredException) for good; a new writer is fine', () => {
    const { proc, call, open, hdfs, traced } = world();
    const rs = proc('rs1');
    const master = proc('master');
    const old = open(rs(), '/hbase/WALs/rs1/wal.1');
    old.write('acked');
    call((cb) => old.hsync(cb));
    old.write('never-acked');
    expect(call((cb) => master().recoverLease('/hbase/WALs/rs1/wal.1', cb))).toEqual({ ok: true, value: true });
    expect(err(call((cb) => old.hsync(cb)))).toBe('LeaseExpiredException');
    old.write('after');
    expect(err(call((cb) => old.hflush(cb)))).toBe('LeaseExpiredException');
    expect(old.state).toBe('fenced');
    expect(hdfs.readFile('/hbase/WALs/rs1/wal.1')).toEqual(['acked']);
    const fresh = open(rs(), '/hbase/WALs/rs1/wal.2');
    fresh.write('new');
    expect(call((cb) => fresh.hsync(cb))).toEqual({ ok: true, value: 1 });
    expect(traced('hdfs.lease.recovered')).toMatchObject([{ path: '/hbase/WALs/rs1/wal.1', holder: 'DFSClient_rs1_0', by: 'DFSClient_master_0', records: 1 }]);
    // The second failure is the fenced stream's own: it no longer even asks the NameNode.
    expect(traced('hdfs.sync.failed')).toMatchObject([{ error: 'LeaseExpiredException', holder: 'DFSClient_rs1_0', path: '/hbase/WALs/rs1/wal.1' }]);
  });

  test('the zombie RegionServer sequence: its open WAL follows a dir rename until lease recovery, and its roll fails (createParent=false)', () => {
    const { proc, call, open, hdfs, traced } = world();
    const rs = proc('rs1');
    const master = proc('master');
    call((cb) => rs().mkdirs('/hbase/WALs/rs1', cb));
    const wal = open(rs(), '/hbase/WALs/rs1/wal.1', { createParent: false });
    wal.write('e1');
    call((cb) => wal.hsync(cb));
    // The ServerCrashProcedure renames the dir: a rename does not break the open writer (inode ids).
    expect(call((cb) => master().rename('/hbase/WALs/rs1', '/hbase/WALs/rs1-splitting', cb)).ok).toBe(true);
    wal.write('e2');
    expect(call((cb) => wal.hsync(cb))).toEqual({ ok: true, value: 2 });
    expect(hdfs.readFile('/hbase/WALs/rs1-splitting/wal.1')).toEqual(['e1', 'e2']);
    // The zombie's log roll cannot recreate its WAL dir.
    expect(err(call((cb) => rs().create('/hbase/WALs/rs1/wal.2', { createParent: false }, cb)))).toBe('FileNotFoundException');
    expect(traced('hdfs.create.failed')).toMatchObject([{ path: '/hbase/WALs/rs1/wal.2', error: 'FileNotFoundException' }]);
    // Splitting recovers the lease: from now on nothing the zombie writes is ever acknowledged.
    call((cb) => master().recoverLease('/hbase/WALs/rs1-splitting/wal.1', cb));
    wal.write('e3');
    expect(err(call((cb) => wal.hsync(cb)))).toBe('LeaseExpiredException');
    expect(call((cb) => master().read('/hbase/WALs/rs1-splitting/wal.1', cb))).toEqual({ ok: true, value: ['e1', 'e2'] });
    expect(traced('hdfs.rename')).toMatchObject([{ src: '/hbase/WALs/rs1', dst: '/hbase/WALs/rs1-splitting' }]);
  });

  test('deleting an open file fences its writer with FileNotFoundException', () => {
    const { proc, call, open } = world();
    const fs = proc('w');
    const out = open(fs(), '/d/f');
    call((cb) => fs().delete('/d', true, cb));
    out.write(1);
    expect(err(call((cb) => out.hsync(cb)))).toBe('FileNotFoundException');
  });

  test('slow lease recovery: recoverLease is false at first, the old writer still syncs, then it is fenced', () => {
    const { proc, call, open, hdfs, run, traced } = world(1, { leaseRecoveryMs: 1_000 });
    const rs = proc('rs1');
    const master = proc('master');
    const out = open(rs(), '/wal');
    expect(call((cb) => master().recoverLease('/wal', cb))).toEqual({ ok: true, value: false });
    out.write('in-window');
    expect(call((cb) => out.hsync(cb))).toEqual({ ok: true, value: 1 });
    expect(call((cb) => master().recoverLease('/wal', cb))).toEqual({ ok: true, value: false });
    expect(call((cb) => master().isFileClosed('/wal', cb))).toEqual({ ok: true, value: false });
    run(1_000);
    expect(call((cb) => master().isFileClosed('/wal', cb))).toEqual({ ok: true, value: true });
    out.write('late');
    expect(err(call((cb) => out.hsync(cb)))).toBe('LeaseExpiredException');
    expect(hdfs.readFile('/wal')).toEqual(['in-window']);
    expect(traced('hdfs.lease.recovery.started')).toHaveLength(1);
  });

  test('an HDFS restart keeps synced data and leases; the writer carries on', () => {
    const { sim, proc, call, open, hdfs, run } = world();
    const fs = proc('w');
    const out = open(fs(), '/f');
    out.write(1);
    call((cb) => out.hsync(cb));
    sim.scheduler.crash('hdfs');
    out.write(2);
    expect(err(call((cb) => out.hsync(cb)))).toBe('SocketTimeoutException');
    sim.scheduler.restart('hdfs');
    run(10);
    expect(call((cb) => out.hsync(cb))).toEqual({ ok: true, value: 2 });
    expect(hdfs.readFile('/f')).toEqual([1, 2]);
  });

  test('a sync whose reply is lost times out; the retry neither loses nor duplicates records', () => {
    const { sim, proc, call, open, hdfs } = world();
    const fs = proc('w');
    const out = open(fs(), '/f');
    out.write('a');
    sim.network.blockOneWay(['hdfs'], ['w']);
    expect(err(call((cb) => out.hflush(cb)))).toBe('SocketTimeoutException');
    expect(hdfs.readFile('/f')).toEqual(['a']); // it landed; only the ack was lost
    sim.network.heal();
    out.write('b');
    expect(call((cb) => out.hflush(cb))).toEqual({ ok: true, value: 2 });
    expect(hdfs.readFile('/f')).toEqual(['a', 'b']);
  });
});

describe('HDFS sync failure injection', () => {
  test('{times: 3}: three consecutive failures, then the retry succeeds with every record once', () => {
    const { proc, call, open, hdfs, traced } = world();
    const fs = proc('master');
    const out = open(fs(), '/hbase/MasterProcWALs/pv2-1.log');
    hdfs.failSyncs({ pathPrefix: '/hbase/MasterProcWALs/' }, { times: 3 });
    out.write('p1');
    const results = [0, 1, 2, 3].map(() => err(call((cb) => out.hsync(cb))));
    expect(results).toEqual(['IOException', 'IOException', 'IOException', 'ok']);
    expect(hdfs.readFile('/hbase/MasterProcWALs/pv2-1.log')).toEqual(['p1']);
    expect(traced('hdfs.sync.failed')).toHaveLength(3);
    expect(hdfs.activeSyncFaults()).toEqual([]);
  });

  test('{untilClosed}: the open log keeps failing; a roll to a new file escapes it', () => {
    const { proc, call, open, hdfs } = world();
    const fs = proc('rs1');
    const wal1 = open(fs(), '/hbase/WALs/rs1/wal.1');
    hdfs.failSyncs({ process: 'rs1' }, { untilClosed: true });
    wal1.write('x');
    for (let i = 0; i < 5; i++) expect(err(call((cb) => wal1.hsync(cb)))).toBe('IOException');
    const wal2 = open(fs(), '/hbase/WALs/rs1/wal.2');
    wal2.write('x');
    expect(err(call((cb) => wal2.hsync(cb)))).toBe('ok');
    call((cb) => wal1.close(cb)); // fails too (its final sync), and the file stays open until recovered
    expect(hdfs.status('/hbase/WALs/rs1/wal.1')).toMatchObject({ underConstruction: true });
    expect(hdfs.activeSyncFaults()).toHaveLength(1);
    call((cb) => fs().recoverLease('/hbase/WALs/rs1/wal.1', cb));
    expect(hdfs.activeSyncFaults()).toEqual([]);
  });

  test('{untilCleared} by prefix fails new files too, until cleared; other paths are untouched', () => {
    const { proc, call, open, hdfs } = world();
    const fs = proc('m');
    const id = hdfs.failSyncs({ pathPrefix: '/p/' }, { untilCleared: true });
    const a = open(fs(), '/p/a');
    const b = open(fs(), '/q/b');
    a.write(1);
    b.write(1);
    expect(err(call((cb) => a.hsync(cb)))).toBe('IOException');
    expect(err(call((cb) => b.hsync(cb)))).toBe('ok');
    const c = open(fs(), '/p/c');
    expect(err(call((cb) => c.hsync(cb)))).toBe('IOException');
    hdfs.clearSyncFaults(id);
    expect(err(call((cb) => a.hsync(cb)))).toBe('ok');
    expect(hdfs.readFile('/p/a')).toEqual([1]);
  });

  test('{persist}: the sync is reported failed although its records are durable (the ack was lost)', () => {
    const { proc, call, open, hdfs, traced } = world();
    const fs = proc('rs1');
    const out = open(fs(), '/wal');
    hdfs.failSyncs({ pathPrefix: '/wal' }, { times: 1 }, { persist: true });
    out.write('maybe');
    expect(err(call((cb) => out.hsync(cb)))).toBe('IOException');
    expect(hdfs.readFile('/wal')).toEqual(['maybe']);
    expect(traced('hdfs.sync.failed')).toMatchObject([{ error: 'IOException', persisted: true }]);
    out.write('next');
    call((cb) => out.hsync(cb));
    expect(hdfs.readFile('/wal')).toEqual(['maybe', 'next']);
  });

  test('property: whatever the faults, the file is a prefix of what was written and holds every acknowledged record', () => {
    type Step = { kind: 'write'; n: number } | { kind: 'sync' } | { kind: 'fault'; times: number; persist: boolean } | { kind: 'cut'; ms: number } | { kind: 'restart' };
    const step = fc.oneof(
      fc.record({ kind: fc.constant('write' as const), n: fc.integer({ min: 1, max: 3 }) }),
      fc.constant({ kind: 'sync' } as Step),
      fc.record({ kind: fc.constant('fault' as const), times: fc.integer({ min: 1, max: 3 }), persist: fc.boolean() }),
      fc.record({ kind: fc.constant('cut' as const), ms: fc.integer({ min: 1, max: 2 * RPC }) }),
      fc.constant({ kind: 'restart' } as Step),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.array(step, { maxLength: 30 }), (seed, steps) => {
        const { sim, proc, open, hdfs, run } = world(seed);
        const fs = proc('w');
        const out = open(fs(), '/f');
        const written: number[] = [];
        let acked = 0;
        const sync = () => out.hsync((r) => r.ok && (acked = Math.max(acked, r.value)));
        for (const s of steps) {
          if (s.kind === 'write') for (let i = 0; i < s.n; i++) out.write(written.push(written.length) - 1);
          else if (s.kind === 'sync') sync();
          else if (s.kind === 'fault') hdfs.failSyncs({ pathPrefix: '/f' }, { times: s.times }, { persist: s.persist });
          else if (s.kind === 'cut') {
            sim.network.partition([['w'], ['hdfs']]);
            sim.scheduler.after(s.ms, () => sim.network.heal());
          } else if (sim.scheduler.info('hdfs').status === 'running') {
            sim.scheduler.crash('hdfs');
            sim.scheduler.after(30, () => sim.scheduler.restart('hdfs'));
          }
          run(20);
          const durable = hdfs.readFile('/f') as number[];
          expect(durable).toEqual(written.slice(0, durable.length));
          expect(durable.length).toBeGreaterThanOrEqual(acked);
        }
        run(3 * RPC);
        hdfs.clearSyncFaults();
        sync();
        run(RPC);
        expect(hdfs.readFile('/f')).toEqual(written);
        expect(acked).toBe(written.length);
      }),
      { numRuns: 150 },
    );
  });
});

describe('HDFS determinism', () => {
  function chaos(seed: number): string {
    const { sim, hdfs } = world(seed, { leaseRecoveryMs: 300 });
    for (const id of ['rs1', 'rs2', 'master']) {
      sim.scheduler.spawn(id, (ctx) => {
        const rng = ctx.random('ops');
        const fs = new HdfsClient(ctx, sim.network, { rpcTimeoutMs: RPC });
        let out: HdfsOutputStream | null = null;
        let n = 0;
        const tick = () => {
          const roll = rng.int(0, 5);
          const record = (r: HdfsResult<unknown>) => sim.trace.tracer<TraceRecord>().emit('test.result', { id, roll, r: err(r) });
          if (out === null || roll === 0) fs.create(`/w/${id}/f${n++}`, { createParent: rng.chance(0.5) }, (r) => (out = r.ok ? r.value : out));
          else if (roll <= 2) out.write(rng.int(0, 99));
          else if (roll === 3) out.hsync(record);
          else if (roll === 4) fs.rename(`/w/${rng.pick(['rs1', 'rs2'])}`, `/w/split-${n++}`, record);
          else fs.listStatus('/w', (r) => r.ok && r.value.length > 0 && fs.recoverLease(`${rng.pick(r.value).path}/f0`, record));
          ctx.setTimer(rng.int(5, 100), tick);
        };
        tick();
      });
    }
    const nemesis = sim.scheduler.random('nemesis');
    for (let t = 500; t < 8_000; t += nemesis.int(200, 1_000)) {
      sim.scheduler.at(t, () => {
        const kind = nemesis.int(0, 2);
        if (kind === 0) hdfs.failSyncs({ process: nemesis.pick(['rs1', 'rs2', 'master']) }, { times: nemesis.int(1, 3) }, { persist: nemesis.chance(0.5) });
        else if (kind === 1) {
          sim.network.partition([[nemesis.pick(['rs1', 'rs2'])], ['hdfs']]);
          sim.scheduler.after(nemesis.int(50, 500), () => sim.network.heal());
        } else if (sim.scheduler.info('rs1').status === 'running') {
          sim.scheduler.crash('rs1');
          sim.scheduler.after(100, () => sim.scheduler.restart('rs1'));
        }
      });
    }
    sim.scheduler.runUntil(10_000);
    return sim.trace.toJsonl();
  }

  test('same seed ⇒ byte-identical trace; different seeds differ; the run exercises fencing', () => {
    for (let seed = 0; seed < 5; seed++) expect(chaos(seed), `seed ${seed}`).toBe(chaos(seed));
    expect(new Set([0, 1, 2].map(chaos)).size).toBe(3);
    const types = new Set(chaos(0).trim().split('\n').map((l) => (JSON.parse(l) as { type: string }).type));
    for (const t of ['hdfs.create', 'hdfs.rename', 'hdfs.lease.recovered', 'hdfs.sync.failed']) expect(types).toContain(t);
  });
});
