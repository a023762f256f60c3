/**
 * The operations a conformance sequence applies, to the real ZooKeeper and to the simulated one alike. Paths are
 * relative to the sequence's own root ('' is the root itself), so every sequence runs in a fresh subtree of the
 * one real server and sequences stay independent.
 */
import type { CreateMode } from '../../../system/zookeeper/protocol.ts';

export type ReadKind = 'getData' | 'exists' | 'getChildren';

/** One operation inside a multi (ZooKeeper's Op: create, delete, setData, check). */
export type MultiOp =
  | { kind: 'create'; path: string; data: string; mode: CreateMode }
  | { kind: 'delete'; path: string; version: number }
  | { kind: 'setData'; path: string; data: string; version: number }
  | { kind: 'check'; path: string; version: number };

export type ZkOp =
  | { kind: 'create'; s: number; path: string; data: string; mode: CreateMode }
  | { kind: 'delete'; s: number; path: string; version: number }
  | { kind: 'setData'; s: number; path: string; data: string; version: number }
  | { kind: ReadKind; s: number; path: string; watch: boolean }
  | { kind: 'multi'; s: number; ops: MultiOp[] }
  /** The session closes cleanly (its ephemerals go at once). */
  | { kind: 'close'; s: number }
  /** The session's client stops heart-beating until the server expires it, then learns Expired. */
  | { kind: 'expire'; s: number };

export interface ZkSequence {
  /** Sessions s0..s(n-1), all connected before the first operation. */
  sessions: number;
  /** The one session (if any) with a short timeout, the only one an `expire` may hit. */
  mortal: number | null;
  ops: ZkOp[];
}

/** Session timeouts requested by the adapters: long for the living, short for the one that will expire. */
export const SESSION_TIMEOUT_MS = 10_000;
export const MORTAL_TIMEOUT_MS = 300;

/**
 * The sequence both sides really run: operations on a closed or expired session are dropped — what a dead
 * handle answers is the client library's business, not the server's (Java's says SessionExpired after close or
 * expiry, node-zookeeper-client's ConnectionLoss) — as is an expiry of any session but the mortal one.
 */
export function playable(seq: ZkSequence): ZkSequence {
  const dead = new Set<number>();
  const ops: ZkOp[] = [];
  for (const op of seq.ops) {
    if (op.s >= seq.sessions || dead.has(op.s)) continue;
    if (op.kind === 'expire' && op.s !== seq.mortal) continue;
    if (op.kind === 'close' || op.kind === 'expire') dead.add(op.s);
    ops.push(op);
  }
  return { ...seq, ops };
}

/** How many operations a sequence applies (a multi counts its parts). */
export function operationCount(seq: ZkSequence): number {
  return seq.ops.reduce((n, op) => n + (op.kind === 'multi' ? op.ops.length : 1), 0);
}
