/**
 * Named exclusions: differences between the model and a real ZooKeeper that are deliberate simplifications,
 * each written down in system/zookeeper/README.md. A rule rewrites both traces the same way before they are
 * compared, and reports whether it changed anything (so the run can say how often it mattered).
 */
import type { ZkSequence } from './ops.ts';
import type { Entry, RawTrace } from './trace.ts';

export interface ExclusionRule {
  name: string;
  why: string;
  /** The trace as the rule compares it; `changed` when the rule actually reordered or dropped something. */
  apply(trace: RawTrace, seq: ZkSequence): { trace: RawTrace; changed: boolean };
}

/**
 * ZooKeeper deletes an ended session's ephemerals in the iteration order of a java.util.HashSet of their paths
 * (DataTree.getEphemerals, then killSession); the model deletes them in sorted order. So the notifications one
 * session gets from another session's close or expiry are compared as a set, per session, per operation.
 */
export const EPHEMERALS_OF_AN_ENDED_SESSION_IN_ANY_ORDER: ExclusionRule = {
  name: 'ephemerals-of-an-ended-session-in-any-order',
  why: "ZooKeeper deletes a closed or expired session's ephemerals in HashSet order, the model in sorted order",
  apply(trace, seq) {
    const endsSession = (during: number) => during >= seq.ops.length || seq.ops[during]?.kind === 'close' || seq.ops[during]?.kind === 'expire';
    let changed = false;
    const sessions = trace.sessions.map((log) => {
      const sorted = sortRuns(log, endsSession);
      if (sorted.some((e, i) => e !== log[i])) changed = true;
      return sorted;
    });
    return { trace: { ...trace, sessions }, changed };
  },
};

/**
 * What the expiring session itself hears while the server expires it is the client library's business: a client
 * that stops heart-beating here only stops writing, and node-zookeeper-client, with no read timeout, still reads
 * the notifications the server sends before it closes the connection (its own ephemerals' deletion); ZooKeeper's
 * Java client (and the model's) gives up a connection it has not heard from for two thirds of the session
 * timeout, before the server expires the session, and never reads them. Both learn Expired, which is compared.
 */
export const WHAT_AN_EXPIRING_SESSION_HEARS_IS_THE_CLIENTS: ExclusionRule = {
  name: 'what-an-expiring-session-hears-is-the-clients',
  why: "an expiring session's own notifications depend on the client library's read timeout, not on the server",
  apply(trace, seq) {
    let changed = false;
    const sessions = trace.sessions.map((log, s) =>
      log.filter((e) => {
        const drop = e.kind === 'event' && seq.ops[e.during]?.kind === 'expire' && seq.ops[e.during]?.s === s;
        if (drop) changed = true;
        return !drop;
      }),
    );
    return { trace: { ...trace, sessions }, changed };
  },
};

/** ZooKeeper lists children in its HashSet's order, the model sorted (so that runs are deterministic). */
export const CHILDREN_IN_ANY_ORDER: ExclusionRule = {
  name: 'children-in-any-order',
  why: 'ZooKeeper lists children in hash order, the model sorted',
  apply(trace, seq) {
    let changed = false;
    const sessions = trace.sessions.map((log) =>
      log.map((e): Entry => {
        if (e.kind !== 'result' || seq.ops[e.op]?.kind !== 'getChildren' || !e.outcome.ok || !Array.isArray(e.outcome.value)) return e;
        const names = e.outcome.value as string[];
        const sorted = [...names].sort();
        if (sorted.some((n, i) => n !== names[i])) changed = true;
        return { ...e, outcome: { ok: true, value: sorted } };
      }),
    );
    return { trace: { ...trace, sessions }, changed };
  },
};

export const RULES: readonly ExclusionRule[] = [EPHEMERALS_OF_AN_ENDED_SESSION_IN_ANY_ORDER, WHAT_AN_EXPIRING_SESSION_HEARS_IS_THE_CLIENTS, CHILDREN_IN_ANY_ORDER];

/** Sort each run of consecutive notifications that arrived while one session-ending operation applied. */
function sortRuns(log: Entry[], endsSession: (during: number) => boolean): Entry[] {
  const out: Entry[] = [];
  let run: Entry[] = [];
  const flush = () => {
    out.push(...run.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)));
    run = [];
  };
  for (const e of log) {
    const last = run[0];
    const joins = e.kind === 'event' && endsSession(e.during) && (last === undefined || (last.kind === 'event' && last.during === e.during));
    if (!joins) flush();
    if (e.kind === 'event' && endsSession(e.during)) run.push(e);
    else out.push(e);
  }
  flush();
  return out;
}

function key(e: Entry): string {
  return e.kind === 'event' ? `${e.type} ${e.path}` : '';
}
