/**
 * A synthetic HBase run for the report's tests and benchmark: the files a run writes (result, history, trace,
 * schedule), with every lane kind the report draws — three masters with a failover, RegionServers online /
 * paused / aborted / dead / restarted, regions opened, closed and reassigned by a ServerCrashProcedure, fault
 * bands, ZooKeeper and HDFS events, and clients whose operations fail or time out while their region is
 * unavailable. Deterministic for given options (its own small PRNG), scalable to tens of thousands of ops.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportHistoryOp, ReportInput } from '../../reports/input.ts';
import type { TraceEventFields, TraceRecord, TraceType } from '../../schema/index.ts';

export interface SyntheticOptions {
  seed?: number;
  ops?: number;
  clients?: number;
  regionServers?: number;
  regions?: number;
  durationMs?: number;
  /** Pad the trace with ZooKeeper / HDFS chatter up to about this many events. */
  traceEvents?: number;
  /** Put `<script>` and quote/ampersand values into the history and trace. */
  hostile?: boolean;
  /** Open one region on a second server while the first still serves it. */
  doubleAssign?: boolean;
}

export const HOSTILE_VALUE = '<script>alert(1)</script>';
export const HOSTILE_REASON = `"quoted" & <b>bold</b> 'single'`;

function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export function syntheticRun(options: SyntheticOptions = {}): ReportInput {
  const { seed = 1, ops: opTarget = 400, clients = 5, regionServers = 4, regions: regionCount = 8, durationMs: D = 20_000, traceEvents = 0, hostile = false, doubleAssign = false } = options;
  const rand = prng(seed);
  const trace: TraceRecord[] = [];
  /** An event of the vocabulary, with the fields it declares. */
  const ev = <K extends TraceType>(time: number, type: K, fields: TraceEventFields<K>) => trace.push({ time: Math.round(time), type, ...fields });
  /** Any record: types of a trace from elsewhere (fault.heal, zk.ping, …), or ours with fields beyond the vocabulary's (`owner`). */
  const record = (time: number, type: string, fields: Record<string, unknown> = {}) => trace.push({ time: Math.round(time), type, ...fields });

  const server = (i: number, startcode: number) => `rs-${i}.example.org,16020,${startcode}`;
  const masterServer = (i: number) => `master-${i}.example.org,16000,${i}`;
  for (const p of ['zookeeper', 'hdfs', 'master-1', 'master-2', 'master-3']) ev(0, 'process.spawn', { process: p, incarnation: 1 });
  for (let i = 1; i <= regionServers; i++) ev(0, 'process.spawn', { process: `rs-${i}`, incarnation: 1 });
  ev(300, 'master.active', { process: 'master-1', server: masterServer(1), token: 1 });
  ev(300, 'master.backup', { process: 'master-2', server: masterServer(2) });
  ev(300, 'master.backup', { process: 'master-3', server: masterServer(3) });
  const rsServer = new Map<number, string>();
  for (let i = 1; i <= regionServers; i++) {
    rsServer.set(i, server(i, 1));
    ev(200 + i * 20, 'rs.online', { process: `rs-${i}`, server: server(i, 1) });
  }
  ev(900, 'master.initialized', { process: 'master-1', server: masterServer(1) });

  // Regions and who holds them: holdings[r] = [{server index, from, to}]
  const regionName = (r: number) => `usertable,row${String(r * 10).padStart(4, '0')},1.${(0x9e3779b1 * (r + 1)).toString(16).slice(-8)}.`;
  const holdings: { rs: number; from: number; to: number }[][] = [];
  let procId = 1;
  for (let r = 0; r < regionCount; r++) {
    const rs = (r % regionServers) + 1;
    const t = 1000 + Math.round((r * 300) / regionCount);
    const pid = procId++;
    ev(t - 10, 'procedure.step', { procId: pid, procedure: 'TransitRegionStateProcedure', state: 'REGION_STATE_TRANSITION_GET_ASSIGN_CANDIDATE' });
    ev(t - 8, 'am.transition', { region: regionName(r), state: 'OPENING', server: rsServer.get(rs) ?? null });
    ev(t - 5, 'procedure.step', { procId: pid, procedure: 'TransitRegionStateProcedure', state: 'REGION_STATE_TRANSITION_OPEN' });
    ev(t, 'region.opened', { region: regionName(r), table: 'usertable', server: rsServer.get(rs) as string, seqNum: 1 });
    ev(t + 3, 'am.transition', { region: regionName(r), state: 'OPEN', server: rsServer.get(rs) ?? null });
    ev(t + 5, 'procedure.finished', { procId: pid, procedure: 'TransitRegionStateProcedure', result: 'SUCCESS' });
    holdings.push([{ rs, from: t, to: D }]);
  }

  // Master failover at a quarter of the run.
  const crashAt = D * 0.25;
  record(crashAt, 'fault.crash', { entry: 'faults[0]', target: 'master-1', restartAfterMs: null, roles: { 'role:active-master': 'master-1' } });
  ev(crashAt, 'process.crash', { process: 'master-1', incarnation: 1 });
  record(crashAt + 600, 'zk.session.expired', { session: 0x1001, client: 'master-1', reason: 'timeout', ephemerals: [], owner: 'master-1' });
  ev(crashAt + 650, 'master.active', { process: 'master-2', server: masterServer(2), token: 2 });
  record(crashAt + 700, 'hdfs.recoverLease', { path: '/hbase/MasterProcWALs/pv2-0001.log', owner: 'master-2' });
  ev(crashAt + 1400, 'master.initialized', { process: 'master-2', server: masterServer(2) });
  ev(D * 0.5, 'process.restart', { process: 'master-1', incarnation: 2 });
  ev(D * 0.5 + 200, 'master.backup', { process: 'master-1', server: masterServer(1) });
  ev(D * 0.6, 'master.aborted', { process: 'master-3', server: masterServer(3), reason: hostile ? HOSTILE_REASON : 'ZooKeeper session expired' });
  ev(D * 0.6 + 5, 'process.crash', { process: 'master-3', incarnation: 1 });

  // rs-2 paused (a long GC), its session expires, it aborts on resume; a ServerCrashProcedure reassigns its regions.
  const pauseAt = D * 0.4;
  const victim = 2;
  const victimServer = rsServer.get(victim) as string;
  record(pauseAt, 'fault.pause', { entry: 'faults[1]', target: 'rs-2', durationMs: 2000 });
  ev(pauseAt, 'process.pause', { process: 'rs-2', incarnation: 1 });
  record(pauseAt + 1200, 'zk.session.expired', { session: 0x2002, client: 'rs-2', reason: 'timeout', ephemerals: [], owner: victimServer });
  const scp = procId++;
  ev(pauseAt + 1250, 'procedure.step', { procId: scp, procedure: 'ServerCrashProcedure', state: 'SERVER_CRASH_START' });
  ev(pauseAt + 1300, 'procedure.step', { procId: scp, procedure: 'ServerCrashProcedure', state: 'SERVER_CRASH_SPLIT_LOGS' });
  record(pauseAt + 2000, 'fault.resume', { target: 'rs-2' });
  ev(pauseAt + 2000, 'process.resume', { process: 'rs-2', incarnation: 1 });
  ev(pauseAt + 2010, 'rs.aborted', { process: 'rs-2', server: victimServer, reason: hostile ? HOSTILE_REASON : 'YouAreDeadException' });
  ev(pauseAt + 2020, 'process.crash', { process: 'rs-2', incarnation: 1 });
  ev(pauseAt + 2100, 'procedure.step', { procId: scp, procedure: 'ServerCrashProcedure', state: 'SERVER_CRASH_ASSIGN' });
  let k = 0;
  for (let r = 0; r < regionCount; r++) {
    const h = holdings[r] as { rs: number; from: number; to: number }[];
    const cur = h[h.length - 1] as { rs: number; from: number; to: number };
    if (cur.rs !== victim) continue;
    cur.to = pauseAt + 2010;
    const others = Array.from({ length: regionServers }, (_, i) => i + 1).filter((i) => i !== victim);
    const to = others[k++ % others.length] as number;
    const t = pauseAt + 3400 + k * 30;
    ev(t - 20, 'am.transition', { region: regionName(r), state: 'OPENING', server: rsServer.get(to) ?? null });
    ev(t, 'region.opened', { region: regionName(r), table: 'usertable', server: rsServer.get(to) as string, seqNum: 1 });
    ev(t + 2, 'am.transition', { region: regionName(r), state: 'OPEN', server: rsServer.get(to) ?? null });
    h.push({ rs: to, from: t, to: D });
  }
  ev(pauseAt + 3600 + k * 30, 'procedure.finished', { procId: scp, procedure: 'ServerCrashProcedure', result: 'SUCCESS' });
  ev(D * 0.75, 'process.restart', { process: 'rs-2', incarnation: 2 });
  rsServer.set(victim, server(victim, 2));
  ev(D * 0.75 + 300, 'rs.online', { process: 'rs-2', server: server(victim, 2) });

  if (doubleAssign) {
    // A region of rs-1 also opened on rs-3 for a while: what the assignment checker exists to catch.
    const r = 0;
    ev(D * 0.55, 'region.opened', { region: regionName(r), table: 'usertable', server: rsServer.get(3) as string, seqNum: 1 });
    ev(D * 0.55 + 800, 'region.closed', { region: regionName(r), table: 'usertable', server: rsServer.get(3) as string });
  }

  // A partition isolating rs-3 from ZooKeeper and the masters, healed later.
  record(D * 0.65, 'fault.partition', { entry: 'faults[2]', target: { groups: [['rs-3'], ['zookeeper', 'master-1', 'master-2']] }, durationMs: 1500 });
  record(D * 0.65 + 1500, 'fault.heal', {});
  record(D * 0.7, 'fault.wal-sync-failure', { target: 'rs-4', path: '/hbase/WALs/rs-4' });
  record(D * 0.7 + 900, 'fault.wal-sync-failure.end', { target: 'rs-4' });
  record(D * 0.71, 'wal.sync.failed', { process: 'rs-4', attempt: 1 });
  record(D * 0.72, 'weird.unknown.event', { note: hostile ? HOSTILE_REASON : 'something', owner: 'nobody' });

  for (let i = trace.length; i < traceEvents; i++) {
    const t = rand() * D;
    if (rand() < 0.5) record(t, 'zk.ping', { session: `0x${(1000 + (i % 7)).toString(16)}`, owner: `rs-${1 + (i % regionServers)}` });
    else record(t, 'hdfs.sync', { path: `/hbase/WALs/rs-${1 + (i % regionServers)}`, process: `rs-${1 + (i % regionServers)}` });
  }
  trace.sort((a, b) => a.time - b.time);

  // Clients: sequential operations; a region that is open nowhere makes an operation fail, or time out (info),
  // after which the client carries on under a fresh process id.
  // A paused server holds its regions but answers nobody.
  const paused = (rs: number, t: number) => rs === victim && t >= pauseAt && t < pauseAt + 2010;
  const available = (r: number, t: number) => (holdings[r] ?? []).some((h) => h.from <= t && t < h.to && !paused(h.rs, t));
  const records: (Omit<ReportHistoryOp, 'index'> & { order: number })[] = [];
  let order = 0;
  let emitted = 0;
  let hostilePlaced = !hostile;
  for (let c = 0; c < clients && emitted < opTarget; c++) {
    let process = c;
    const share = Math.ceil(opTarget / clients);
    let t = 1100 + rand() * ((D - 1100) / share);
    for (let n = 0; n < share && emitted < opTarget && t < D - 50; n++) {
      // Think time that spreads the client's remaining share over the remaining time (about 11 ms is latency).
      const gap = Math.max(0.5, (D - 50 - t) / (share - n) - 11);
      const keyNum = Math.floor(rand() * regionCount * 3);
      const key = `r${keyNum}`;
      const region = keyNum % regionCount;
      const roll = rand();
      const f = roll < 0.5 ? 'read' : roll < 0.8 ? 'write' : 'cas';
      let value: unknown = f === 'read' ? null : f === 'write' ? Math.floor(rand() * 10) : [Math.floor(rand() * 10), Math.floor(rand() * 10)];
      if (!hostilePlaced && f === 'write') {
        value = HOSTILE_VALUE;
        hostilePlaced = true;
      }
      records.push({ order: order++, time: Math.round(t), process, type: 'invoke', f, key, value });
      emitted++;
      if (available(region, t)) {
        const done = Math.round(t + 2 + rand() * 18);
        if (f === 'cas' && rand() < 0.3) records.push({ order: order++, time: done, process, type: 'fail', f, key, value, error: 'mismatch' });
        else records.push({ order: order++, time: done, process, type: 'ok', f, key, value: f === 'read' ? Math.floor(rand() * 10) : value });
        t = done + rand() * gap * 2;
      } else if (rand() < 0.5) {
        const done = Math.round(t + 50 + rand() * 100);
        records.push({ order: order++, time: done, process, type: 'fail', f, key, value, error: 'NotServingRegionException' });
        t = done + rand() * gap * 2;
      } else {
        const done = Math.round(t + 1500);
        records.push({ order: order++, time: done, process, type: 'info', f, key, value, error: 'timeout' });
        process += clients;
        t = done + rand() * gap;
      }
    }
  }
  records.sort((a, b) => a.time - b.time || a.order - b.order);
  // Within one timestamp an invocation must not precede its own process's earlier completion: order keeps that.
  const history: ReportHistoryOp[] = records.map(({ order: _order, ...r }, index) => ({ index, ...r }));

  const completions = history.filter((h) => h.type !== 'invoke');
  const evidenceOps = completions.filter((h) => h.type === 'info').slice(0, 2).map((h) => h.index);
  const stats = { simulatedMs: D, events: trace.length * 3, operations: emitted, ok: completions.filter((h) => h.type === 'ok').length, fail: completions.filter((h) => h.type === 'fail').length, info: completions.filter((h) => h.type === 'info').length };
  return {
    result: {
      seed,
      scenario: 'failover',
      options: { checkDeterminism: false },
      valid: false,
      checkers: {
        linearizability: { valid: false, key: 'r3', ops: evidenceOps, note: hostile ? HOSTILE_VALUE : 'cannot linearize', prefix: { length: 12 } },
        assignment: { valid: true },
      },
      stats,
      repro: `npx faultline run --scenario failover --seed ${seed}`,
      sha256: '0'.repeat(64),
    },
    history,
    trace,
    schedule: { faults: [{ at: crashAt, kind: 'crash', target: 'active-master' }, { at: pauseAt, kind: 'pause', target: 'rs-2', durationMs: 2000 }] },
  };
}

/** Writes the run's four files into `dir`, as `faultline run` would. */
export function writeRunDir(dir: string, input: ReportInput): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'result.json'), JSON.stringify(input.result, null, 2) + '\n');
  writeFileSync(join(dir, 'history.jsonl'), input.history.map((h) => JSON.stringify(h)).join('\n') + '\n');
  writeFileSync(join(dir, 'trace.jsonl'), input.trace.map((e) => JSON.stringify(e)).join('\n') + '\n');
  writeFileSync(join(dir, 'schedule.json'), JSON.stringify(input.schedule, null, 2) + '\n');
}
