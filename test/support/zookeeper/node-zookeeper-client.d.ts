/** The part of node-zookeeper-client (which ships no types) that the conformance adapter uses. */
declare module 'node-zookeeper-client' {
  import type { EventEmitter } from 'node:events';

  export interface Stat {
    czxid: Buffer;
    mzxid: Buffer;
    pzxid: Buffer;
    version: number;
    cversion: number;
    numChildren: number;
    ephemeralOwner: Buffer;
  }

  export interface Exception extends Error {
    getCode(): number;
    getName(): string;
  }

  export interface Event {
    getType(): number;
    getName(): string;
    getPath(): string;
  }

  export interface TransactionResult {
    type: number;
    path?: string;
    stat?: Stat;
    err?: number;
  }

  export type Watcher = (event: Event) => void;

  export interface Transaction {
    create(path: string, data: Buffer, acls: unknown[], mode: number): Transaction;
    setData(path: string, data: Buffer, version: number): Transaction;
    remove(path: string, version: number): Transaction;
    check(path: string, version: number): Transaction;
    commit(callback: (error: Exception | null, results: TransactionResult[]) => void): void;
  }

  export interface Client extends EventEmitter {
    connect(): void;
    close(): void;
    getSessionId(): Buffer;
    getSessionTimeout(): number;
    create(path: string, data: Buffer, acls: unknown[], mode: number, callback: (error: Exception | null, path: string) => void): void;
    remove(path: string, version: number, callback: (error: Exception | null) => void): void;
    exists(path: string, watcher: Watcher | undefined, callback: (error: Exception | null, stat: Stat | null) => void): void;
    getData(path: string, watcher: Watcher | undefined, callback: (error: Exception | null, data: Buffer | null, stat: Stat) => void): void;
    setData(path: string, data: Buffer, version: number, callback: (error: Exception | null, stat: Stat) => void): void;
    getChildren(path: string, watcher: Watcher | undefined, callback: (error: Exception | null, children: string[], stat: Stat) => void): void;
    transaction(): Transaction;
  }

  export function createClient(connectionString: string, options?: { sessionTimeout?: number; spinDelay?: number; retries?: number }): Client;

  export const ACL: { OPEN_ACL_UNSAFE: unknown[] };
  export const CreateMode: { PERSISTENT: number; PERSISTENT_SEQUENTIAL: number; EPHEMERAL: number; EPHEMERAL_SEQUENTIAL: number };
  export const Exception: Record<string, number>;
}
