import { describe, expect, test } from 'vitest';
import { Simulation } from '../../harness/simulation.ts';
import type { ProcessContext } from '../../harness/scheduler.ts';
import { tracer, type SystemTraceEvent } from '../../schema/trace.ts';
import { HBASE_DEFAULTS } from '../../system/hbase/config.ts';
import type { FsResult } from '../../system/hbase/ports.ts';
import { recoverFileLease } from '../../system/hbase/recover-lease.ts';
import { HdfsClient } from '../../system/hdfs/client.ts';
import type { HdfsOutputStream } from '../../system/hdfs/output-stream.ts';
import { HdfsServer, type HdfsOptions } from '../../system/hdfs/server.ts';

/** HBase's own lease-recovery timings (4 s first pause, 64 s backoff base, 1 s polls, 15 min timeout). */
const config = HBASE_DEFAULTS;

function world(options: HdfsOptions, seed = 1) {
  const sim = new Simulation({ seed });
  const hdfs = HdfsServer.spawn({ scheduler: sim.scheduler, network: sim.network, trace: tracer<SystemTraceEvent>(sim.trace) }, options);
  const contexts = new Map<string, { ctx: ProcessContext; client: HdfsClient }>();
  const proc = (id: string) => sim.scheduler.spawn(id, (ctx) => contexts.set(id, { ctx, client: new HdfsClient(ctx, sim.network, { rpcTimeoutMs: 1_000 }) }));
  proc('rs');
  proc('master');
  sim.scheduler.runUntil(1);
  let stream: HdfsOutputStream | undefined;
  contexts.get('rs')!.client.create('/wal', {}, (r) => (stream = r.ok ? r.value : undefined));
  sim.scheduler.runUntil(100);
  const recover = () => {
    const { ctx, client } = contexts.get('master')!;
    const started = sim.scheduler.now;
    const out: { result?: FsResult<boolean>; at?: number } = {};
    recoverFileLease(ctx, client, config, '/wal', (r) => {
      out.result = r;
      out.at = sim.scheduler.now - started;
    });
    return out;
  };
  return { sim, hdfs, stream: () => stream!, recover };
}

describe('RecoverLeaseFSUtils.recoverFileLease', () => {
  test('block recovery that takes 2 s: the first recoverLease is refused, the second one, after the 4 s first pause, finds the file closed', () => {
    const { sim, recover } = world({ leaseRecoveryMs: 2_000 });
    const out = recover();
    sim.scheduler.runUntil(sim.scheduler.now + 3_900);
    expect(out.result).toBeUndefined();
    sim.scheduler.runUntil(sim.scheduler.now + 1_000);
    expect(out.result).toEqual({ code: 'ok', value: true });
    expect(out.at).toBeGreaterThanOrEqual(config.leaseRecoveryFirstPauseMs);
  });

  test('block recovery slower than the first pause: polled with isFileClosed every second during the 64 s backoff, found closed within a poll', () => {
    const { sim, recover } = world({ leaseRecoveryMs: 10_000 });
    const out = recover();
    sim.scheduler.runUntil(sim.scheduler.now + 9_900);
    expect(out.result).toBeUndefined();
    sim.scheduler.runUntil(sim.scheduler.now + 2_000);
    expect(out.result).toEqual({ code: 'ok', value: true });
    expect(out.at).toBeLessThanOrEqual(10_000 + config.leaseRecoveryPauseMs + 100);
  });

  test('HDFS unreachable: recovery keeps trying and after hbase.lease.recovery.timeout answers not-recovered ("may be DATALOSS") instead of waiting forever', () => {
    const { sim, recover } = world({ leaseRecoveryMs: 10_000 });
    sim.scheduler.crash('hdfs');
    const out = recover();
    sim.scheduler.runUntil(sim.scheduler.now + config.leaseRecoveryTimeoutMs - 1_000);
    expect(out.result).toBeUndefined();
    sim.scheduler.runUntil(sim.scheduler.now + 10 * config.leaseRecoveryDfsTimeoutMs);
    expect(out.result).toEqual({ code: 'ok', value: false });
    expect(out.at).toBeGreaterThan(config.leaseRecoveryTimeoutMs);
  });

  test('the writer keeps syncing until block recovery completes, then it is fenced', () => {
    const { sim, recover, stream } = world({ leaseRecoveryMs: 2_000 });
    recover();
    sim.scheduler.runUntil(sim.scheduler.now + 500);
    let first: unknown;
    stream().write('in-window');
    stream().hsync((r) => (first = r.ok));
    sim.scheduler.runUntil(sim.scheduler.now + 100);
    expect(first).toBe(true);
    sim.scheduler.runUntil(sim.scheduler.now + 5_000);
    let second: unknown;
    stream().write('late');
    stream().hsync((r) => (second = r.ok ? 'ok' : r.error));
    sim.scheduler.runUntil(sim.scheduler.now + 100);
    expect(second).toBe('LeaseExpiredException');
  });

  test('block recovery time is drawn from a seeded stream: the same seed gives the same time, seeds differ', () => {
    const times = (seed: number) => {
      const w = world({ leaseRecoveryMs: [100, 5_000] }, seed);
      w.recover();
      w.sim.scheduler.runUntil(w.sim.scheduler.now + 20_000);
      const started = w.sim.trace.events.find((e) => e.type === 'hdfs.lease.recovery.started')!.time;
      return w.sim.trace.events.find((e) => e.type === 'hdfs.lease.recovered')!.time - started;
    };
    expect(times(3)).toBe(times(3));
    const all = new Set([1, 2, 3, 4, 5, 6].map(times));
    expect(all.size).toBeGreaterThan(1);
    for (const t of all) expect(t >= 100 && t <= 5_000).toBe(true);
  });
});
