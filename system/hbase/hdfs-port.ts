/**
 * Binds the FileSystemPort to the simulated HDFS client (HBase's FileSystem / FSUtils layer). Errors keep
 * their HDFS names; nothing is retried here — the callers (WAL, procedure store, WAL splitter) decide.
 */
import type { Network } from '../../harness/network.ts';
import type { ProcessContext } from '../../harness/scheduler.ts';
import type { Simulation } from '../../harness/simulation.ts';
import { tracer, type SystemTraceEvent } from '../../schema/trace.ts';
import { HdfsClient } from '../hdfs/client.ts';
import type { HdfsResult } from '../hdfs/protocol.ts';
import { HdfsServer } from '../hdfs/server.ts';
import type { FileSystemPort, FsResult, FsWriter } from './ports.ts';
import { recoverFileLease, type LeaseRecoveryConfig } from './recover-lease.ts';

export type HdfsHandle = HdfsServer;

/**
 * Block recovery after recoverLease: the NameNode hands it to a DataNode on its next heartbeat (3 s), which
 * recovers the last block — scaled like the other timeouts (÷15), so mostly within the first pause, sometimes after.
 */
export const BLOCK_RECOVERY_MS: readonly [number, number] = [20, 600];

export function spawnHdfs(sim: Simulation): HdfsHandle {
  return HdfsServer.spawn({ scheduler: sim.scheduler, network: sim.network, trace: tracer<SystemTraceEvent>(sim.trace) }, { leaseRecoveryMs: BLOCK_RECOVERY_MS });
}

function result<T, U>(r: HdfsResult<T>, map: (value: T) => U): FsResult<U> {
  return r.ok ? { code: 'ok', value: map(r.value) } : { code: r.error };
}

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** A sync's success: it carries no value, so every sync can share one (frozen: no caller can spoil it for the next). */
const SYNCED: FsResult<void> = Object.freeze({ code: 'ok' });

export function connectHdfs(ctx: ProcessContext, network: Network, _server: HdfsHandle, rpcTimeoutMs: number, leaseRecovery: LeaseRecoveryConfig): FileSystemPort {
  const client = new HdfsClient(ctx, network, { rpcTimeoutMs });
  return {
    mkdirs: (path, done) => client.mkdirs(path, (r) => done(result(r, () => undefined))),
    create: (path, options, done) =>
      client.create(path, options, (r) => {
        if (!r.ok) return done({ code: r.error });
        const stream = r.value;
        const writer: FsWriter = {
          path,
          appendAndSync: (records, synced) => {
            for (const record of records) stream.write(record);
            stream.hsync((s) => synced(s.ok ? SYNCED : { code: s.error }));
          },
          close: (closed) => stream.close((c) => closed(result(c, () => undefined))),
        };
        done({ code: 'ok', value: writer });
      }),
    read: (path, done) => client.read(path, (r) => done(result(r, (records) => records))),
    list: (path, done) => client.listStatus(path, (r) => done(result(r, (statuses) => statuses.map((s) => baseName(s.path)).sort()))),
    exists: (path, done) => client.exists(path, (r) => done(result(r, (v) => v))),
    rename: (from, to, done) =>
      client.rename(from, to, (r) => {
        // HDFS's rename answers false (not an error) when the source is missing.
        if (r.ok && r.value === false) return done({ code: 'FileNotFoundException' });
        done(result(r, () => undefined));
      }),
    delete: (path, recursive, done) =>
      client.delete(path, recursive, (r) => {
        if (r.ok && r.value === false) return done({ code: 'FileNotFoundException' });
        done(result(r, () => undefined));
      }),
    recoverLease: (path, done) => recoverFileLease(ctx, client, leaseRecovery, path, done),
  };
}
