/**
 * What a conformance run observed, in a form both sides can produce and compare: per session, in arrival order,
 * the outcome of each of its operations, the watch notifications it received and its learning of an expiry;
 * then the final subtree (after every session ended: ephemeral cleanup). Zxids are compared by rank (the real
 * server's epoch and its session transactions make absolute values meaningless), session ids by name.
 */

/** The part of org.apache.zookeeper.data.Stat the model keeps (ctime/mtime are real time on one side). */
export interface StatView {
  czxid: bigint;
  mzxid: bigint;
  pzxid: bigint;
  version: number;
  cversion: number;
  numChildren: number;
  /** 's0'…, 'ctl' (the adapter's own session), or 'none'. */
  ephemeralOwner: string;
}

export type Value =
  | null
  | string
  | string[]
  | StatView
  | { data: string; stat: StatView }
  | MultiItem[];

/** One part of a multi's answer: its value when the multi succeeded, its code (ok/…/RuntimeInconsistency) otherwise. */
export type MultiItem = { ok: true; value: Value } | { ok: false; code: string };

export type Outcome = { ok: true; value: Value } | { ok: false; code: string; results?: string[] };

export type Entry =
  | { kind: 'result'; op: number; outcome: Outcome }
  /** `during`: the operation being applied when it arrived (ops.length + i: session i closing at the end). */
  | { kind: 'event'; type: string; path: string; during: number }
  | { kind: 'state'; state: 'Expired' };

export interface TreeNode {
  path: string;
  data: string;
  stat: StatView;
}

export interface RawTrace {
  sessions: Entry[][];
  tree: TreeNode[];
}

/** Comparable text: one line per entry, zxids replaced by their rank among all zxids the trace saw. */
export interface Trace {
  sessions: string[][];
  tree: string[];
}

export function normalize(raw: RawTrace): Trace {
  const zxids = new Set<bigint>();
  const collect = (v: unknown): void => {
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach(collect);
    for (const [k, x] of Object.entries(v)) {
      if (typeof x === 'bigint' && k.endsWith('zxid')) zxids.add(x);
      else collect(x);
    }
  };
  collect(raw);
  const rank = new Map([...zxids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((z, i) => [z, i] as const));
  const text = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `z${rank.get(x)}` : x));
  return {
    sessions: raw.sessions.map((entries) => entries.map((e) => entryLine(e, text))),
    tree: [...raw.tree].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((n) => `${n.path} ${text(n.data)} ${text(n.stat)}`),
  };
}

function entryLine(e: Entry, text: (v: unknown) => string): string {
  if (e.kind === 'event') return `event@${e.during} ${e.type} ${e.path}`;
  if (e.kind === 'state') return `state ${e.state}`;
  return `#${e.op} ${text(e.outcome)}`;
}

/** Strip the sequence root from an absolute path ('/r' → '', '/r/a' → 'a'). */
export function relative(root: string, path: string): string {
  if (path === root) return '';
  if (path.startsWith(`${root}/`)) return path.slice(root.length + 1);
  return `!outside:${path}`;
}

export function absolute(root: string, path: string): string {
  return path === '' ? root : `${root}/${path}`;
}
