/**
 * The ensemble's sessions (ZooKeeper's SessionTracker) and the one connection each may have at a time.
 *
 * A session outlives its connections: a client that loses its connection reconnects with the same session id
 * and keeps its ephemerals, as long as the server heard from it within the session timeout. A connection is a
 * numbered, ordered stream in both directions (request and message sequence numbers), which stands in for
 * ZooKeeper's TCP socket: a gap means the stream broke and the client must reconnect.
 */
import type { ProcessId, Timer } from '../../harness/scheduler.ts';

export interface Connection {
  readonly id: number;
  /** Sequence number the next request must carry (the connect request was 0). */
  nextIn: number;
  /** Sequence number of the next message to the client (the connect response was 0). */
  nextOut: number;
  /** A request arrived out of order: the stream is dead; the client will time out and reconnect. */
  broken: boolean;
}

export interface Session {
  readonly id: number;
  readonly client: ProcessId;
  readonly clientIncarnation: number;
  readonly watcherService: string;
  readonly timeoutMs: number;
  /** Server-clock time after which the session expires unless the client is heard from. */
  deadline: number;
  conn: Connection | null;
  expiryTimer: Timer | null;
}

/** What the nemesis and tests may see of a session. */
export interface SessionInfo {
  sessionId: number;
  client: ProcessId;
  clientIncarnation: number;
  timeoutMs: number;
  connected: boolean;
  ephemerals: string[];
}

export interface SessionLimits {
  minSessionTimeoutMs: number;
  maxSessionTimeoutMs: number;
}

/** The server's bound on a requested timeout, as ZooKeeper's min/maxSessionTimeout (2× and 20× tickTime). */
export function negotiateTimeout(requested: number, limits: SessionLimits): number {
  return Math.min(limits.maxSessionTimeoutMs, Math.max(limits.minSessionTimeoutMs, requested));
}

export class SessionTable {
  /** Insertion order is session-creation order, itself deterministic; lookups by id. */
  readonly #sessions = new Map<number, Session>();
  #nextSessionId = 1;
  #nextConnId = 1;

  open(client: ProcessId, clientIncarnation: number, watcherService: string, timeoutMs: number, now: number): Session {
    const session: Session = {
      id: this.#nextSessionId++,
      client,
      clientIncarnation,
      watcherService,
      timeoutMs,
      deadline: now + timeoutMs,
      conn: null,
      expiryTimer: null,
    };
    this.#sessions.set(session.id, session);
    return session;
  }

  get(sessionId: number): Session | undefined {
    return this.#sessions.get(sessionId);
  }

  remove(session: Session): void {
    session.expiryTimer?.cancel();
    session.expiryTimer = null;
    session.conn = null;
    this.#sessions.delete(session.id);
  }

  newConnection(session: Session): Connection {
    session.conn = { id: this.#nextConnId++, nextIn: 1, nextOut: 1, broken: false };
    return session.conn;
  }

  /** Sessions in id order. */
  all(): Session[] {
    return [...this.#sessions.values()].sort((a, b) => a.id - b.id);
  }
}
