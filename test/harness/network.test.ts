import { describe, expect, test } from 'vitest';
import { Simulation } from '../../harness/simulation.ts';
import type { ProcessContext } from '../../harness/scheduler.ts';
import type { RpcResult } from '../../harness/network.ts';

/** An echo server that records what it handled, and a client context to call it from. */
function world(seed = 1, latency = { minLatencyMs: 1, maxLatencyMs: 20 }) {
  const sim = new Simulation({ seed, network: latency });
  const handled: unknown[] = [];
  sim.scheduler.spawn('server', (ctx) =>
    sim.network.listen(ctx, 'echo', (req, reply) => {
      handled.push(req.payload);
      reply({ echo: req.payload, by: ctx.incarnation });
    }),
  );
  const client = sim.scheduler.spawn('client', (ctx) => sim.network.listen(ctx, 'notify', () => {}));
  return { sim, handled, client };
}

function call(sim: Simulation, ctx: ProcessContext, payload: unknown, timeoutMs = 100) {
  const results: RpcResult<{ echo: unknown }>[] = [];
  sim.network.call<{ echo: unknown }>(ctx, 'server', 'echo', 'echo', payload, timeoutMs, (r) => results.push(r));
  return results;
}

describe('harness/network', () => {
  test('a call gets its reply', () => {
    const { sim, client } = world();
    const results = call(sim, client, 'hi');
    sim.scheduler.runUntil(1000);
    expect(results).toEqual([{ ok: true, value: { echo: 'hi', by: 0 } }]);
  });

  test('messages on one connection arrive in the order they were sent, despite random latency', () => {
    for (let seed = 0; seed < 20; seed++) {
      const { sim, handled, client } = world(seed);
      for (let i = 0; i < 50; i++) call(sim, client, i);
      sim.scheduler.runUntil(1000);
      expect(handled).toEqual(Array.from({ length: 50 }, (_, i) => i));
    }
  });

  test('a two-way partition loses requests; the caller times out with a connection error; heal restores', () => {
    const { sim, handled, client } = world();
    sim.network.partition([['client'], ['server']]);
    const lost = call(sim, client, 'lost', 100);
    sim.scheduler.runUntil(500);
    expect(handled).toEqual([]);
    expect(lost).toEqual([{ ok: false, error: { kind: 'connection', reason: 'timeout', to: 'server', service: 'echo', method: 'echo' } }]);
    expect(sim.network.canReach('server', 'client')).toBe(false);
    sim.network.heal();
    const after = call(sim, client, 'after');
    sim.scheduler.runUntil(1000);
    expect(after[0]?.ok).toBe(true);
  });

  test('a one-way partition: the request arrives, the reply is lost', () => {
    const { sim, handled, client } = world();
    sim.network.blockOneWay(['server'], ['client']);
    expect(sim.network.canReach('client', 'server')).toBe(true);
    const results = call(sim, client, 'x', 100);
    sim.scheduler.runUntil(500);
    expect(handled).toEqual(['x']);
    expect(results[0]?.ok).toBe(false);
  });

  test('a partition that starts while a message is in flight loses it', () => {
    const { sim, handled, client } = world(1, { minLatencyMs: 10, maxLatencyMs: 10 });
    call(sim, client, 'x', 100);
    sim.scheduler.after(5, () => sim.network.partition([['client'], ['server']]));
    sim.scheduler.runUntil(500);
    expect(handled).toEqual([]);
  });

  test('a crash drops messages in flight to the old incarnation; the restarted server serves new calls', () => {
    const { sim, handled, client } = world(1, { minLatencyMs: 10, maxLatencyMs: 10 });
    const inFlight = call(sim, client, 'before', 100);
    sim.scheduler.after(5, () => {
      sim.scheduler.crash('server');
      sim.scheduler.restart('server');
    });
    sim.scheduler.runUntil(200);
    expect(handled).toEqual([]);
    expect(inFlight[0]?.ok).toBe(false);
    const fresh = call(sim, client, 'after');
    sim.scheduler.runUntil(400);
    expect(fresh).toEqual([{ ok: true, value: { echo: 'after', by: 1 } }]);
  });

  test('a server that crashes before replying never replies', () => {
    const sim = new Simulation({ seed: 1 });
    let pendingReply: ((r: unknown) => void) | undefined;
    sim.scheduler.spawn('server', (ctx) => sim.network.listen(ctx, 'svc', (_req, reply) => (pendingReply = reply)));
    const client = sim.scheduler.spawn('client', () => {});
    const results: RpcResult<unknown>[] = [];
    sim.network.call(client, 'server', 'svc', 'm', null, 100, (r) => results.push(r));
    sim.scheduler.runUntil(50);
    sim.scheduler.crash('server');
    pendingReply!('late');
    sim.scheduler.runUntil(500);
    expect(results).toHaveLength(1);
    expect(results[0]?.ok).toBe(false);
  });

  test('a crashed caller never sees its callback', () => {
    const { sim, client } = world();
    const results = call(sim, client, 'x', 100);
    sim.scheduler.crash('client');
    sim.scheduler.runUntil(500);
    expect(results).toEqual([]);
    expect(sim.network.stats.pendingCalls).toBe(0);
  });

  test('a paused server handles its backlog on resume; the caller may have timed out by then', () => {
    const { sim, handled, client } = world(1, { minLatencyMs: 1, maxLatencyMs: 1 });
    sim.scheduler.pause('server');
    const results = call(sim, client, 'x', 100);
    sim.scheduler.runUntil(300);
    expect(handled).toEqual([]);
    expect(results[0]?.ok).toBe(false);
    sim.scheduler.resume('server');
    sim.scheduler.runUntil(400);
    expect(handled).toEqual(['x']);
    expect(results).toHaveLength(1);
  });

  test('one-way send delivers without a reply', () => {
    const sim = new Simulation({ seed: 3 });
    const got: unknown[] = [];
    const a = sim.scheduler.spawn('a', () => {});
    sim.scheduler.spawn('b', (ctx) => sim.network.listen(ctx, 'watch', (req) => got.push([req.from, req.method, req.payload])));
    sim.network.send(a, 'b', 'watch', 'nodeDeleted', '/hbase/master');
    sim.scheduler.runUntil(100);
    expect(got).toEqual([['a', 'nodeDeleted', '/hbase/master']]);
  });

  test('an invalid latency range is rejected', () => {
    expect(() => new Simulation({ seed: 1, network: { minLatencyMs: 5, maxLatencyMs: 1 } })).toThrow(RangeError);
  });
});

test('a process that crashed in the middle of its handler sends nothing more', () => {
  const sim = new Simulation({ seed: 1 });
  const got: unknown[] = [];
  sim.scheduler.spawn('b', (ctx) => sim.network.listen(ctx, 's', (req) => got.push(req.payload)));
  const a = sim.scheduler.spawn('a', () => {});
  sim.scheduler.after(1, () => {
    sim.network.send(a, 'b', 's', 'm', 'before');
    sim.scheduler.crash('a');
    sim.network.send(a, 'b', 's', 'm', 'after');
  });
  sim.scheduler.runUntil(100);
  expect(got).toEqual(['before']);
});

describe('harness/network partition handles', () => {
  test('overlapping partitions compose: healing one keeps the links the other still cuts', () => {
    const sim = new Simulation({ seed: 1 });
    const a = sim.network.partition([['a'], ['b', 'c']]);
    const b = sim.network.partition([['a', 'b'], ['c']]);
    expect(sim.network.canReach('a', 'c')).toBe(false);
    a.heal();
    expect(sim.network.canReach('a', 'b')).toBe(true);
    expect(sim.network.canReach('b', 'a')).toBe(true);
    expect(sim.network.canReach('a', 'c')).toBe(false); // still cut by the second partition
    expect(sim.network.canReach('c', 'b')).toBe(false);
    a.heal(); // healing twice is harmless
    expect(sim.network.canReach('a', 'c')).toBe(false);
    b.heal();
    expect(sim.network.blockedPairs()).toEqual([]);
  });

  test('a one-way block handle heals only its direction; a global heal spends older handles', () => {
    const sim = new Simulation({ seed: 1 });
    const oneWay = sim.network.blockOneWay(['a'], ['b']);
    const other = sim.network.blockOneWay(['b'], ['a']);
    oneWay.heal();
    expect(sim.network.blockedPairs()).toEqual([['b', 'a']]);
    sim.network.heal();
    const fresh = sim.network.blockOneWay(['b'], ['a']);
    other.heal(); // from before the global heal: must not lift the fresh block
    expect(sim.network.canReach('b', 'a')).toBe(false);
    fresh.heal();
    expect(sim.network.canReach('b', 'a')).toBe(true);
  });

  test('a process named in two groups is not cut from itself', () => {
    const sim = new Simulation({ seed: 1 });
    sim.network.partition([['a', 'b'], ['b', 'c']]);
    expect(sim.network.canReach('b', 'b')).toBe(true);
    expect(sim.network.canReach('a', 'c')).toBe(false);
  });
});
