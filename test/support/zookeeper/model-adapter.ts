/**
 * Applies a conformance sequence to the simulated ZooKeeper (system/zookeeper) under the deterministic
 * scheduler: one Simulation per sequence, one process per session, each operation issued and then the
 * simulation run until everything it caused was delivered.
 */
import { Simulation } from '../../../harness/simulation.ts';
import { tracer, type SystemTraceEvent } from '../../../schema/trace.ts';
import { ZooKeeperClient } from '../../../system/zookeeper/client.ts';
import type { MultiOp as ModelMultiOp, MultiResult, Stat, ZkResult } from '../../../system/zookeeper/protocol.ts';
import { ZooKeeperServer } from '../../../system/zookeeper/server.ts';
import { MORTAL_TIMEOUT_MS, SESSION_TIMEOUT_MS, type MultiOp, type ZkOp, type ZkSequence } from './ops.ts';
import { absolute, relative, type Entry, type MultiItem, type Outcome, type RawTrace, type StatView, type TreeNode, type Value } from './trace.ts';
import { MIN_SESSION_TIMEOUT_MS, MAX_SESSION_TIMEOUT_MS, TICK_TIME_MS } from './real-server.ts';

const ROOT = '/r';
/** Long enough for any request, its response and the notifications it causes (latency is 1–5 ms a hop). */
const SETTLE_MS = 50;

interface ModelSession {
  client: ZooKeeperClient;
  log: Entry[];
  /** Answers a `close` once the client is Closed: after whatever the server told it before closing. */
  onClosed: (() => void) | null;
}

export function runOnModel(seq: ZkSequence, seed = 1): RawTrace {
  const sim = new Simulation({ seed });
  const trace = tracer<SystemTraceEvent>(sim.trace);
  const server = ZooKeeperServer.spawn({ scheduler: sim.scheduler, network: sim.network, trace }, { tickTimeMs: TICK_TIME_MS, minSessionTimeoutMs: MIN_SESSION_TIMEOUT_MS, maxSessionTimeoutMs: MAX_SESSION_TIMEOUT_MS });
  const run = (ms: number) => sim.scheduler.runUntil(sim.scheduler.now + ms);
  const spawn = (name: string, timeoutMs: number): ModelSession => {
    const session = { log: [], onClosed: null } as unknown as ModelSession;
    sim.scheduler.spawn(`zkc-${name}`, (ctx) => {
      session.client = new ZooKeeperClient(ctx, sim.network, { sessionTimeoutMs: timeoutMs, trace, watcher: (e) => {
        if (e.type !== 'None') session.log.push({ kind: 'event', type: e.type, path: relative(ROOT, e.path), during });
        else if (e.state === 'Expired') session.log.push({ kind: 'state', state: 'Expired' });
        else if (e.state === 'Closed') session.onClosed?.();
      } });
    });
    return session;
  };
  let during = -1;
  const ctl = spawn('ctl', SESSION_TIMEOUT_MS);
  const sessions = Array.from({ length: seq.sessions }, (_, i) => spawn(`s${i}`, i === seq.mortal ? MORTAL_TIMEOUT_MS : SESSION_TIMEOUT_MS));
  run(SETTLE_MS);
  ctl.client.create(ROOT, '', 'PERSISTENT', () => {});
  run(SETTLE_MS);
  const names = new Map<number, string>([[ctl.client.sessionId, 'ctl'], ...sessions.map((s, i) => [s.client.sessionId, `s${i}`] as const)]);
  const view = (stat: Stat): StatView => statView(stat, names);
  seq.ops.forEach((op, i) => {
    during = i;
    const session = sessions[op.s];
    if (session === undefined) throw new Error(`no session s${op.s}`);
    if (op.kind === 'expire') return expire(sim, `zkc-s${op.s}`, run);
    apply(session, op, (outcome) => session.log.push({ kind: 'result', op: i, outcome }), view);
    run(SETTLE_MS);
  });
  // One after the other, as the real adapter does: a later session hears of an earlier one's ephemerals going.
  for (const [i, s] of sessions.entries()) {
    during = seq.ops.length + i;
    s.client.close();
    run(SETTLE_MS);
  }
  return { sessions: sessions.map((s) => s.log), tree: dump(server, view) };
}

/** Stop the client's heart (pause its process) until the server has expired the session; then it learns Expired. */
function expire(sim: Simulation, process: string, run: (ms: number) => void): void {
  sim.scheduler.pause(process);
  run(3 * MORTAL_TIMEOUT_MS);
  sim.scheduler.resume(process);
  run(3 * MORTAL_TIMEOUT_MS);
}

function apply(session: ModelSession, op: Exclude<ZkOp, { kind: 'expire' }>, done: (o: Outcome) => void, view: (s: Stat) => StatView): void {
  const zk = session.client;
  const path = 'path' in op ? absolute(ROOT, op.path) : '';
  switch (op.kind) {
    case 'create':
      return zk.create(path, op.data, op.mode, (r) => done(map(r, (p) => relative(ROOT, p))));
    case 'delete':
      return zk.delete(path, op.version, (r) => done(map(r, () => null)));
    case 'setData':
      return zk.setData(path, op.data, op.version, (r) => done(map(r, view)));
    case 'getData':
      return zk.getData(path, op.watch, (r) => done(map(r, (v) => ({ data: String(v.data), stat: view(v.stat) }))));
    case 'exists':
      return zk.exists(path, op.watch, (r) => done(map(r, (s) => (s === null ? null : view(s)))));
    case 'getChildren':
      return zk.getChildren(path, op.watch, (r) => done(map(r, (c) => c)));
    case 'multi':
      return zk.multi(op.ops.map((o) => toModelOp(o)), (r) => done(multiOutcome(r, view)));
    case 'close':
      session.onClosed = () => done({ ok: true, value: null });
      return zk.close();
  }
}

function toModelOp(o: MultiOp): ModelMultiOp<unknown> {
  const path = absolute(ROOT, o.path);
  if (o.kind === 'create') return { op: 'create', path, data: o.data, mode: o.mode };
  if (o.kind === 'setData') return { op: 'setData', path, data: o.data, version: o.version };
  return { op: o.kind, path, version: o.version };
}

function multiOutcome(r: MultiResult, view: (s: Stat) => StatView): Outcome {
  if (!r.ok) return r.results === undefined ? { ok: false, code: r.code } : { ok: false, code: r.code, results: r.results };
  const items: MultiItem[] = r.value.map((v) => ({ ok: true, value: v === null ? null : typeof v === 'string' ? relative(ROOT, v) : view(v) }));
  return { ok: true, value: items };
}

function map<T>(r: ZkResult<T>, f: (v: T) => Value): Outcome {
  return r.ok ? { ok: true, value: f(r.value) } : { ok: false, code: r.code };
}

function statView(stat: Stat, names: Map<number, string>): StatView {
  return {
    czxid: BigInt(stat.czxid),
    mzxid: BigInt(stat.mzxid),
    pzxid: BigInt(stat.pzxid),
    version: stat.version,
    cversion: stat.cversion,
    numChildren: stat.numChildren,
    ephemeralOwner: stat.ephemeralOwner === 0 ? 'none' : (names.get(stat.ephemeralOwner) ?? `?${stat.ephemeralOwner}`),
  };
}

function dump(server: ZooKeeperServer, view: (s: Stat) => StatView): TreeNode[] {
  return server
    .paths()
    .filter((p) => p === ROOT || p.startsWith(`${ROOT}/`))
    .map((p) => {
      const node = server.read(p);
      if (node === null) throw new Error(`vanished: ${p}`);
      return { path: relative(ROOT, p), data: String(node.data), stat: view(node.stat) };
    });
}
