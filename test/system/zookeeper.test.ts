import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Simulation } from '../../harness/simulation.ts';
import type { TraceRecord } from '../../harness/trace.ts';
import { tracer, type SystemTraceEvent } from '../../schema/trace.ts';
import type { ProcessContext } from '../../harness/scheduler.ts';
import { ZooKeeperClient } from '../../system/zookeeper/client.ts';
import type { WatchedEvent, ZkResult } from '../../system/zookeeper/protocol.ts';
import { ZooKeeperServer } from '../../system/zookeeper/server.ts';
import { HBASE_ZNODES, ZNodePaths } from '../../system/hbase/znode-paths.ts';

const TIMEOUT = 3_000; // tickTime 500 ⇒ bounds [1000, 10000]

/** The runtime a system server is spawned on, with the trace typed as the system emits it. */
const runtime = (sim: Simulation) => ({ scheduler: sim.scheduler, network: sim.network, trace: tracer<SystemTraceEvent>(sim.trace) });

function cluster(seed = 1) {
  const sim = new Simulation({ seed });
  const zk = ZooKeeperServer.spawn(runtime(sim), { tickTimeMs: 500 });
  return { sim, zk, run: (ms: number) => sim.scheduler.runUntil(sim.scheduler.now + ms) };
}

interface Node {
  ctx: ProcessContext;
  zk: ZooKeeperClient;
  /** Watch and state events as `time type path|state`. */
  events: string[];
}

function client(sim: Simulation, id: string, onEvent: (e: WatchedEvent, node: Node) => void = () => {}, sessionTimeoutMs = TIMEOUT): Node {
  const node = { events: [] } as unknown as Node;
  sim.scheduler.spawn(id, (ctx) => {
    node.ctx = ctx;
    node.zk = new ZooKeeperClient(ctx, sim.network, {
      sessionTimeoutMs,
      trace: tracer<SystemTraceEvent>(sim.trace),
      watcher: (e) => {
        node.events.push(`${e.type} ${e.path ?? e.state}`);
        onEvent(e, node);
      },
    });
  });
  return node;
}

/** Collects a callback's result for synchronous-looking tests. */
function capture<T>(): { result: ZkResult<T> | undefined; cb: (r: ZkResult<T>) => void } {
  const box: { result: ZkResult<T> | undefined; cb: (r: ZkResult<T>) => void } = { result: undefined, cb: (r) => (box.result = r) };
  return box;
}

function codeOf(r: ZkResult<unknown> | undefined): string {
  if (r === undefined) return 'pending';
  return r.ok ? 'ok' : r.code;
}

describe('ZooKeeper sessions', () => {
  test('connect negotiates the timeout within [2, 20] × tickTime and reports SyncConnected', () => {
    const { sim, zk, run } = cluster();
    const a = client(sim, 'a', undefined, 100);
    const b = client(sim, 'b', undefined, 60_000);
    const c = client(sim, 'c', undefined, TIMEOUT);
    run(100);
    expect(a.events).toEqual(['None SyncConnected']);
    expect([a.zk.negotiatedTimeoutMs, b.zk.negotiatedTimeoutMs, c.zk.negotiatedTimeoutMs]).toEqual([1_000, 10_000, TIMEOUT]);
    expect(zk.sessionsOf('c').map((s) => s.sessionId)).toEqual([c.zk.sessionId]);
    expect(sim.trace.events.filter((e) => e.type === 'zk.session.open')).toHaveLength(3);
  });

  test('pings keep an idle session alive far beyond its timeout, without tracing each ping', () => {
    const { sim, zk, run } = cluster();
    const a = client(sim, 'a');
    run(100);
    const before = sim.trace.events.length;
    run(10 * TIMEOUT);
    expect(zk.sessionsOf('a')).toHaveLength(1);
    expect(a.events).toEqual(['None SyncConnected']);
    expect(sim.trace.events.length).toBe(before);
  });

  test('a crashed client: its session expires after the timeout, its ephemerals go, their watchers hear it', () => {
    const { sim, zk, run } = cluster();
    const owner = client(sim, 'owner');
    const watcher = client(sim, 'watcher');
    run(100);
    owner.zk.create('/e', 'x', 'EPHEMERAL', () => {});
    run(50);
    watcher.zk.exists('/e', true, () => {});
    run(50);
    const crashedAt = sim.scheduler.now;
    sim.scheduler.crash('owner');
    run(TIMEOUT + 100);
    expect(zk.read('/e')).toBeNull();
    expect(watcher.events).toEqual(['None SyncConnected', 'NodeDeleted /e']);
    const expired = sim.trace.events.find((e) => e.type === 'zk.session.expired');
    expect(expired).toMatchObject({ client: 'owner', reason: 'timeout', ephemerals: ['/e'] });
    // Expiry happens a full timeout after the owner was last heard from, never sooner.
    expect(expired!.time).toBeGreaterThanOrEqual(crashedAt + TIMEOUT - Math.floor(TIMEOUT / 3) - 5);
    expect(expired!.time).toBeLessThanOrEqual(crashedAt + TIMEOUT);
    const deleted = sim.trace.events.find((e) => e.type === 'zk.znode.deleted');
    expect(deleted).toMatchObject({ path: '/e', cause: 'expired' });
  });

  test('a paused client is a zombie: it believes it is connected until it resumes, then learns Expired', () => {
    const { sim, zk, run } = cluster();
    const zombie = client(sim, 'zombie');
    run(100);
    zombie.zk.create('/e', 1, 'EPHEMERAL', () => {});
    run(50);
    sim.scheduler.pause('zombie');
    run(2 * TIMEOUT);
    expect(zk.read('/e')).toBeNull();
    expect(zombie.zk.state).toBe('CONNECTED'); // stale belief
    expect(zombie.events).toEqual(['None SyncConnected']);
    const resumedAt = sim.scheduler.now;
    sim.scheduler.resume('zombie');
    run(TIMEOUT);
    expect(zombie.events.at(-1)).toBe('None Expired');
    expect(zombie.zk.state).toBe('CLOSED');
    const learnt = sim.trace.events.find((e) => e.type === 'zk.client.state' && e.state === 'Expired');
    expect(learnt!.time).toBeGreaterThanOrEqual(resumedAt);
    // Dead for good: later operations fail at once.
    const r = capture<string>();
    zombie.zk.create('/again', 1, 'EPHEMERAL', r.cb);
    run(10);
    expect(codeOf(r.result)).toBe('SessionExpired');
  });

  test('a partitioned client sees Disconnected (not Expired) and learns Expired only once the partition heals', () => {
    const { sim, run } = cluster();
    const zombie = client(sim, 'zombie');
    run(100);
    const start = sim.scheduler.now;
    sim.network.partition([['zombie'], ['zookeeper']]);
    run(4 * TIMEOUT);
    expect(zombie.events).toEqual(['None SyncConnected', 'None Disconnected']);
    const disc = sim.trace.events.find((e) => e.type === 'zk.client.state' && e.state === 'Disconnected')!;
    expect(disc.time - start).toBeLessThanOrEqual(TIMEOUT);
    const healedAt = sim.scheduler.now;
    sim.network.heal();
    run(2 * TIMEOUT);
    expect(zombie.events).toEqual(['None SyncConnected', 'None Disconnected', 'None Expired']);
    const exp = sim.trace.events.find((e) => e.type === 'zk.client.state' && e.state === 'Expired')!;
    expect(exp.time).toBeGreaterThan(healedAt);
  });

  test('a short partition: Disconnected, then SyncConnected on the same session; ephemerals and watches survive', () => {
    const { sim, zk, run } = cluster();
    // The partition heals the moment the client notices it: its first reconnect attempt gets through.
    const a = client(sim, 'a', (e) => e.state === 'Disconnected' && sim.network.heal());
    const b = client(sim, 'b');
    run(100);
    a.zk.create('/e', 1, 'EPHEMERAL', () => {});
    b.zk.create('/w', 1, 'PERSISTENT', () => {});
    run(50);
    a.zk.getData('/w', true, () => {});
    run(50);
    const session = a.zk.sessionId;
    const start = sim.scheduler.now;
    sim.network.partition([['a'], ['zookeeper']]);
    run(TIMEOUT / 3);
    b.zk.setData('/w', 2, -1, () => {}); // a misses this notification while cut off
    run(TIMEOUT);
    const disc = sim.trace.events.find((e) => e.type === 'zk.client.state' && e.state === 'Disconnected')!;
    expect(disc.time - start).toBeLessThanOrEqual((2 * TIMEOUT) / 3);
    expect(a.zk.sessionId).toBe(session);
    expect(zk.read('/e')).not.toBeNull();
    // The re-sent watch fires for the change made while disconnected.
    expect(a.events).toEqual(['None SyncConnected', 'None Disconnected', 'None SyncConnected', 'NodeDataChanged /w']);
  });

  test('a notification lost in a brief one-way partition is not lost for good: the gap forces a reconnect that re-fires it', () => {
    const { sim, run } = cluster();
    const a = client(sim, 'a');
    const b = client(sim, 'b');
    run(100);
    b.zk.create('/w', 1, 'PERSISTENT', () => {});
    run(50);
    a.zk.getData('/w', true, () => {});
    run(50);
    sim.network.blockOneWay(['zookeeper'], ['a']);
    const set = capture<unknown>();
    b.zk.setData('/w', 2, -1, set.cb);
    run(30);
    expect(codeOf(set.result)).toBe('ok');
    sim.network.heal();
    run(TIMEOUT);
    expect(a.events).toContain('NodeDataChanged /w');
    expect(a.events).not.toContain('None Expired');
  });

  test('nemesis expireSession: the owner hears Disconnected then Expired; sessionsOf finds sessions by process', () => {
    const { sim, zk, run } = cluster();
    const a = client(sim, 'a');
    run(100);
    a.zk.create('/e', 1, 'EPHEMERAL', () => {});
    run(50);
    const [info] = zk.sessionsOf('a');
    expect(info).toMatchObject({ client: 'a', ephemerals: ['/e'], connected: true });
    expect(zk.expireSession(info!.sessionId)).toBe(true);
    expect(zk.expireSession(info!.sessionId)).toBe(false);
    expect(zk.read('/e')).toBeNull();
    run(100);
    expect(a.events).toEqual(['None SyncConnected', 'None Disconnected', 'None Expired']);
    expect(zk.sessionsOf('a')).toEqual([]);
    expect(sim.trace.events.find((e) => e.type === 'zk.session.expired')).toMatchObject({ reason: 'nemesis' });
  });

  test('a mutation from a session the server has expired fails SessionExpired and creates nothing', () => {
    const { sim, zk, run } = cluster();
    const a = client(sim, 'a');
    run(100);
    // The server's "closing" notice is lost, so the client still believes its session is fine.
    sim.network.blockOneWay(['zookeeper'], ['a']);
    zk.expireSession(a.zk.sessionId);
    sim.network.heal();
    const r = capture<string>();
    a.zk.create('/zombie', 1, 'PERSISTENT', r.cb);
    run(50);
    expect(codeOf(r.result)).toBe('SessionExpired');
    expect(zk.read('/zombie')).toBeNull();
    expect(a.events).toEqual(['None SyncConnected', 'None Expired']);
  });

  test('close() deletes the ephemerals at once (a clean stop) and the handle is closed', () => {
    const { sim, zk, run } = cluster();
    const a = client(sim, 'a');
    const w = client(sim, 'w');
    run(100);
    a.zk.create('/e', 1, 'EPHEMERAL', () => {});
    run(50);
    w.zk.exists('/e', true, () => {});
    run(50);
    a.zk.close();
    run(50);
    expect(zk.read('/e')).toBeNull();
    expect(a.events).toEqual(['None SyncConnected', 'None Closed']);
    expect(w.events).toEqual(['None SyncConnected', 'NodeDeleted /e']);
    expect(sim.trace.events.find((e) => e.type === 'zk.session.closed')).toMatchObject({ client: 'a', ephemerals: ['/e'] });
  });

  test('an ensemble restart keeps znodes and sessions; clients reconnect and their watches still fire', () => {
    const { sim, zk, run } = cluster();
    const a = client(sim, 'a');
    const b = client(sim, 'b');
    run(100);
    a.zk.create('/e', 1, 'EPHEMERAL', () => {});
    run(50);
    b.zk.exists('/e', true, () => {});
    run(50);
    sim.scheduler.crash('zookeeper');
    run(500);
    sim.scheduler.restart('zookeeper');
    run(TIMEOUT);
    expect(zk.read('/e')).not.toBeNull();
    expect(a.events).toEqual(['None SyncConnected', 'None Disconnected', 'None SyncConnected']);
    a.zk.delete('/e', -1, () => {});
    run(50);
    expect(b.events.at(-1)).toBe('NodeDeleted /e');
  });
});

describe('ZooKeeper znodes', () => {
  function connected() {
    const c = cluster();
    const a = client(c.sim, 'a');
    c.run(100);
    const call = <T>(f: (cb: (r: ZkResult<T>) => void) => void): ZkResult<T> => {
      const box = capture<T>();
      f(box.cb);
      c.run(50);
      if (box.result === undefined) throw new Error('no reply');
      return box.result;
    };
    return { ...c, a, call };
  }

  test('create: NodeExists, NoNode for a missing parent, NoChildrenForEphemerals, BadArguments', () => {
    const { a, call } = connected();
    expect(call<string>((cb) => a.zk.create('/p', 1, 'PERSISTENT', cb))).toEqual({ ok: true, value: '/p' });
    expect(codeOf(call((cb) => a.zk.create('/p', 1, 'PERSISTENT', cb)))).toBe('NodeExists');
    expect(codeOf(call((cb) => a.zk.create('/missing/c', 1, 'PERSISTENT', cb)))).toBe('NoNode');
    expect(codeOf(call((cb) => a.zk.create('/eph', 1, 'EPHEMERAL', cb)))).toBe('ok');
    expect(codeOf(call((cb) => a.zk.create('/eph/c', 1, 'PERSISTENT', cb)))).toBe('NoChildrenForEphemerals');
    expect(codeOf(call((cb) => a.zk.create('bad', 1, 'PERSISTENT', cb)))).toBe('BadArguments');
    expect(codeOf(call((cb) => a.zk.create('/p/', 1, 'PERSISTENT', cb)))).toBe('BadArguments');
  });

  test('multi: all operations as one transaction with one zxid, or none of them with per-operation results', () => {
    const { zk, a, call } = connected();
    const multi = (ops: Parameters<ZooKeeperClient['multi']>[0]) => call<unknown>((cb) => a.zk.multi(ops, cb as (r: unknown) => void));
    const done = multi([{ op: 'create', path: '/m', data: 1, mode: 'PERSISTENT' }, { op: 'create', path: '/m/s-', data: 2, mode: 'PERSISTENT_SEQUENTIAL' }, { op: 'setData', path: '/m', data: 3, version: 0 }]);
    expect(done.ok && (done.value as unknown[]).slice(0, 2)).toEqual(['/m', '/m/s-0000000000']);
    const [m, s] = [zk.read('/m'), zk.read('/m/s-0000000000')];
    expect(m?.data).toBe(3);
    expect([m?.stat.czxid, m?.stat.mzxid]).toEqual([s?.stat.czxid, s?.stat.czxid]);
    const before = zk.paths();
    expect(multi([{ op: 'create', path: '/n', data: 1, mode: 'PERSISTENT' }, { op: 'check', path: '/m', version: 0 }, { op: 'delete', path: '/m', version: -1 }])).toEqual({
      ok: false,
      code: 'BadVersion',
      results: ['ok', 'BadVersion', 'RuntimeInconsistency'],
    });
    expect(zk.paths()).toEqual(before);
  });

  test('delete: NoNode, NotEmpty, BadVersion, then with the right version', () => {
    const { a, call } = connected();
    call((cb) => a.zk.create('/p', 1, 'PERSISTENT', cb));
    call((cb) => a.zk.create('/p/c', 1, 'PERSISTENT', cb));
    expect(codeOf(call((cb) => a.zk.delete('/nope', -1, cb)))).toBe('NoNode');
    expect(codeOf(call((cb) => a.zk.delete('/p', -1, cb)))).toBe('NotEmpty');
    call((cb) => a.zk.setData('/p/c', 2, -1, cb));
    expect(codeOf(call((cb) => a.zk.delete('/p/c', 0, cb)))).toBe('BadVersion');
    expect(codeOf(call((cb) => a.zk.delete('/p/c', 1, cb)))).toBe('ok');
    expect(codeOf(call((cb) => a.zk.delete('/p', -1, cb)))).toBe('ok');
  });

  test('setData is versioned (compare-and-set); stat tracks version, mzxid and ephemeralOwner', () => {
    const { a, call } = connected();
    call((cb) => a.zk.create('/x', { v: 0 }, 'PERSISTENT', cb));
    const s1 = call<{ version: number; mzxid: number }>((cb) => a.zk.setData('/x', { v: 1 }, 0, cb));
    expect(s1.ok && s1.value.version).toBe(1);
    expect(codeOf(call((cb) => a.zk.setData('/x', { v: 2 }, 0, cb)))).toBe('BadVersion');
    const read = call<{ data: unknown; stat: { version: number; mzxid: number; ephemeralOwner: number } }>((cb) => a.zk.getData('/x', false, cb));
    expect(read.ok && read.value.data).toEqual({ v: 1 });
    expect(read.ok && read.value.stat.mzxid).toBe(s1.ok && s1.value.mzxid);
    expect(read.ok && read.value.stat.ephemeralOwner).toBe(0);
    call((cb) => a.zk.create('/e', null, 'EPHEMERAL', cb));
    const st = call<{ ephemeralOwner: number } | null>((cb) => a.zk.exists('/e', false, cb));
    expect(st.ok && st.value?.ephemeralOwner).toBe(a.zk.sessionId);
    expect(codeOf(call((cb) => a.zk.setData('/none', 1, -1, cb)))).toBe('NoNode');
    expect(call((cb) => a.zk.exists('/none', false, cb))).toEqual({ ok: true, value: null });
  });

  test('sequential names count the children ever created (deletes do not), zero-padded; children are listed sorted', () => {
    const { a, call } = connected();
    call((cb) => a.zk.create('/q', null, 'PERSISTENT', cb));
    call((cb) => a.zk.create('/q/zz', null, 'PERSISTENT', cb));
    expect(call((cb) => a.zk.create('/q/n-', null, 'PERSISTENT_SEQUENTIAL', cb))).toEqual({ ok: true, value: '/q/n-0000000001' });
    expect(call((cb) => a.zk.create('/q/n-', null, 'EPHEMERAL_SEQUENTIAL', cb))).toEqual({ ok: true, value: '/q/n-0000000002' });
    call((cb) => a.zk.delete('/q/n-0000000001', -1, cb));
    // As a real ZooKeeper names it (held against one in zookeeper-conformance.test.ts): the third create is
    // n-0000000003 although the cversion clients see, which counts the delete too, is 4 by then.
    expect(call((cb) => a.zk.create('/q/n-', null, 'EPHEMERAL_SEQUENTIAL', cb))).toEqual({ ok: true, value: '/q/n-0000000003' });
    const q = call<{ cversion: number } | null>((cb) => a.zk.exists('/q', false, cb));
    expect(q.ok && q.value?.cversion).toBe(5);
    call((cb) => a.zk.create('/q/aa', null, 'PERSISTENT', cb));
    expect(call((cb) => a.zk.getChildren('/q', false, cb))).toEqual({ ok: true, value: ['aa', 'n-0000000002', 'n-0000000003', 'zz'] });
    expect(codeOf(call((cb) => a.zk.getChildren('/none', false, cb)))).toBe('NoNode');
  });

  test('watches are one-shot: two changes, one event, until the client reads again', () => {
    const { sim, a, call, run } = connected();
    const b = client(sim, 'b');
    run(100);
    call((cb) => a.zk.create('/x', 0, 'PERSISTENT', cb));
    call((cb) => a.zk.getData('/x', true, cb));
    call((cb) => a.zk.getChildren('/', true, cb));
    call((cb) => b.zk.setData('/x', 1, -1, cb));
    call((cb) => b.zk.setData('/x', 2, -1, cb));
    call((cb) => b.zk.create('/y', 0, 'PERSISTENT', cb));
    call((cb) => b.zk.create('/z', 0, 'PERSISTENT', cb));
    expect(a.events).toEqual(['None SyncConnected', 'NodeDataChanged /x', 'NodeChildrenChanged /']);
    call((cb) => a.zk.exists('/x', true, cb));
    call((cb) => b.zk.delete('/x', -1, cb));
    call((cb) => a.zk.exists('/x', true, cb)); // a watch for its re-creation
    call((cb) => b.zk.create('/x', 0, 'PERSISTENT', cb));
    expect(a.events.slice(3)).toEqual(['NodeDeleted /x', 'NodeCreated /x']);
  });

  test("a watch event reaches the client before the response to its own later request (ZooKeeper's ordering)", () => {
    for (let seed = 0; seed < 20; seed++) {
      const sim = new Simulation({ seed, network: { minLatencyMs: 1, maxLatencyMs: 30 } });
      ZooKeeperServer.spawn(runtime(sim), { tickTimeMs: 500 });
      const log: string[] = [];
      const a = client(sim, 'a', (e) => e.type !== 'None' && log.push(`event ${e.type} ${e.path}`));
      sim.scheduler.runUntil(200);
      a.zk.create('/x', 0, 'PERSISTENT', () => {});
      a.zk.getData('/x', true, () => log.push('read'));
      a.zk.getChildren('/', true, () => log.push('list'));
      a.zk.setData('/x', 1, -1, () => log.push('set'));
      a.zk.create('/y', 0, 'PERSISTENT', () => log.push('create'));
      sim.scheduler.runUntil(1_000);
      expect(log, `seed ${seed}`).toEqual(['read', 'list', 'event NodeDataChanged /x', 'set', 'event NodeChildrenChanged /', 'create']);
    }
  });

  test('requests issued before the session is established wait for it and run in order', () => {
    const { sim, run } = cluster();
    const log: string[] = [];
    sim.scheduler.spawn('early', (ctx) => {
      const zk = new ZooKeeperClient(ctx, sim.network, { sessionTimeoutMs: TIMEOUT, watcher: (e) => log.push(`${e.state}`) });
      zk.create('/a', 1, 'PERSISTENT', (r) => log.push(`create ${codeOf(r)}`));
      zk.create('/a', 1, 'PERSISTENT', (r) => log.push(`create ${codeOf(r)}`));
    });
    run(200);
    expect(log).toEqual(['SyncConnected', 'create ok', 'create NodeExists']);
  });
});

describe('ZooKeeper as HBase uses it', () => {
  /** ActiveMasterManager in miniature: create /hbase/master; on NodeExists watch it; on NodeDeleted try again. */
  function candidate(sim: Simulation, id: string, winners: Array<{ id: string; time: number }>): Node {
    const paths = HBASE_ZNODES;
    const tryBecome = (node: Node) =>
      node.zk.create(paths.masterAddressZNode, id, 'EPHEMERAL', (r) => {
        if (r.ok) winners.push({ id, time: sim.scheduler.now });
        else if (r.code === 'NodeExists') node.zk.exists(paths.masterAddressZNode, true, (s) => s.ok && s.value === null && tryBecome(node));
      });
    return client(sim, id, (e, node) => {
      if (e.type === 'None' && e.state === 'SyncConnected' && winners.every((w) => w.id !== id)) tryBecome(node);
      if (e.type === 'NodeDeleted' && e.path === paths.masterAddressZNode) tryBecome(node);
    });
  }

  test('election: exactly one of the racing candidates wins; the loser wins once the winner’s session expires', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom<'crash' | 'pause' | 'partition'>('crash', 'pause', 'partition'), (seed, fault) => {
        const { sim, zk } = cluster(seed);
        sim.scheduler.spawn('setup', (ctx) => {
          const admin = new ZooKeeperClient(ctx, sim.network, { sessionTimeoutMs: TIMEOUT, watcher: () => {} });
          admin.create(HBASE_ZNODES.baseZNode, null, 'PERSISTENT', () => {});
        });
        sim.scheduler.runUntil(100);
        const winners: Array<{ id: string; time: number }> = [];
        candidate(sim, 'm1', winners);
        candidate(sim, 'm2', winners);
        candidate(sim, 'm3', winners);
        sim.scheduler.runUntil(600);
        expect(winners).toHaveLength(1);
        const first = winners[0]!;
        expect(zk.read(HBASE_ZNODES.masterAddressZNode)?.data).toBe(first.id);
        const faultAt = sim.scheduler.now;
        if (fault === 'crash') sim.scheduler.crash(first.id);
        else if (fault === 'pause') sim.scheduler.pause(first.id);
        else sim.network.partition([[first.id], ['zookeeper']]);
        sim.scheduler.runUntil(faultAt + 3 * TIMEOUT);
        expect(winners).toHaveLength(2);
        const second = winners[1]!;
        expect(second.id).not.toBe(first.id);
        expect(second.time - faultAt).toBeGreaterThanOrEqual(Math.floor((2 * TIMEOUT) / 3) - 10);
        expect(second.time - faultAt).toBeLessThanOrEqual(TIMEOUT + 50);
        // Never two holders: each creation of the znode follows the deletion of the previous one.
        const changes = sim.trace.events.filter((e) => e.path === HBASE_ZNODES.masterAddressZNode).map((e) => e.type);
        expect(changes).toEqual(['zk.znode.created', 'zk.znode.deleted', 'zk.znode.created']);
      }),
      { numRuns: 40 },
    );
  });

  test('ZNodePaths lays znodes out as HBase does, under any parent', () => {
    expect(HBASE_ZNODES.masterAddressZNode).toBe('/hbase/master');
    expect(HBASE_ZNODES.backupMasterZNode('m1,16000,1')).toBe('/hbase/backup-masters/m1,16000,1');
    expect(HBASE_ZNODES.rsServerZNode('rs1,16020,5')).toBe('/hbase/rs/rs1,16020,5');
    expect(HBASE_ZNODES.getZNodeForReplica(0)).toBe('/hbase/meta-region-server');
    expect(HBASE_ZNODES.getZNodeForReplica(2)).toBe('/hbase/meta-region-server-2');
    expect([HBASE_ZNODES.clusterStateZNode, HBASE_ZNODES.drainingZNode, HBASE_ZNODES.tableZNode, HBASE_ZNODES.splitLogZNode]).toEqual([
      '/hbase/running',
      '/hbase/draining',
      '/hbase/table',
      '/hbase/splitWAL',
    ]);
    expect(new ZNodePaths('/hbase-cluster1').tableStateZNode('t1')).toBe('/hbase-cluster1/table/t1');
    expect(HBASE_ZNODES.baseZNodes()[0]).toBe('/hbase');
  });
});

describe('ZooKeeper determinism', () => {
  /** Three clients doing seeded random operations under pauses, partitions and expiries. */
  function chaos(seed: number): string {
    const { sim, zk } = cluster(seed);
    for (const id of ['c0', 'c1', 'c2']) {
      sim.scheduler.spawn(id, (ctx) => {
        const rng = ctx.random('ops');
        const zkc = new ZooKeeperClient(ctx, sim.network, { sessionTimeoutMs: TIMEOUT, trace: tracer<SystemTraceEvent>(sim.trace), watcher: (e) => sim.trace.tracer<TraceRecord>().emit('test.event', { id, e }) });
        const tick = () => {
          const path = `/k${rng.int(0, 3)}`;
          const roll = rng.int(0, 4);
          const record = (r: ZkResult<unknown>) => sim.trace.tracer<TraceRecord>().emit('test.result', { id, roll, path, r: codeOf(r) });
          if (roll === 0) zkc.create(path, rng.int(0, 9), rng.chance(0.5) ? 'EPHEMERAL' : 'PERSISTENT_SEQUENTIAL', record);
          else if (roll === 1) zkc.delete(path, -1, record);
          else if (roll === 2) zkc.setData(path, rng.int(0, 9), rng.chance(0.5) ? -1 : rng.int(0, 2), record);
          else if (roll === 3) zkc.getData(path, true, record);
          else zkc.getChildren('/', true, record);
          ctx.setTimer(rng.int(10, 300), tick);
        };
        tick();
      });
    }
    const nemesis = sim.scheduler.random('nemesis');
    for (let t = 1_000; t < 30_000; t += nemesis.int(500, 3_000)) {
      sim.scheduler.at(t, () => {
        const victim = nemesis.pick(['c0', 'c1', 'c2']);
        const kind = nemesis.int(0, 3);
        if (kind === 0 && sim.scheduler.info(victim).status === 'running') {
          sim.scheduler.pause(victim);
          sim.scheduler.after(nemesis.int(100, 2 * TIMEOUT), () => sim.scheduler.resume(victim));
        } else if (kind === 1) {
          sim.network.partition([[victim], ['zookeeper']]);
          sim.scheduler.after(nemesis.int(100, 2 * TIMEOUT), () => sim.network.heal());
        } else if (kind === 2) {
          for (const s of zk.sessionsOf(victim)) zk.expireSession(s.sessionId);
        } else if (sim.scheduler.info(victim).status === 'running') {
          sim.scheduler.crash(victim);
          sim.scheduler.after(nemesis.int(100, 1_000), () => sim.scheduler.restart(victim));
        }
      });
    }
    sim.scheduler.runUntil(40_000);
    return sim.trace.toJsonl();
  }

  test('same seed ⇒ byte-identical trace; different seeds differ', () => {
    for (let seed = 0; seed < 6; seed++) expect(chaos(seed), `seed ${seed}`).toBe(chaos(seed));
    expect(new Set([0, 1, 2, 3].map(chaos)).size).toBe(4);
  });

  test('under chaos, znode invariants hold: ephemerals belong to live sessions only', () => {
    for (let seed = 0; seed < 6; seed++) {
      const trace = chaos(seed)
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const live = new Set<unknown>();
      const owned = new Map<unknown, unknown>();
      for (const e of trace) {
        if (e.type === 'zk.session.open') live.add(e.session);
        if (e.type === 'zk.session.expired' || e.type === 'zk.session.closed') live.delete(e.session);
        if (e.type === 'zk.znode.created' && e.mode === 'EPHEMERAL') {
          expect(live.has(e.session)).toBe(true);
          owned.set(e.path, e.session);
        }
        if (e.type === 'zk.znode.deleted') owned.delete(e.path);
      }
      for (const owner of owned.values()) expect(live.has(owner), `seed ${seed}`).toBe(true);
      expect(trace.some((e) => e.type === 'zk.client.state' && e.state === 'Expired')).toBe(true);
    }
  });
});
