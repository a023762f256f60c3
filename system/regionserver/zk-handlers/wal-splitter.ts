/**
 * WALSplitter.splitLogFile as a SplitLogWorker runs it in the ZooKeeper era (HBase 1.1; HBASE.md §5.1): recover
 * the WAL's lease first (RecoverLeaseFSUtils — from then on the dead server, zombie or not, cannot sync to it),
 * read it, and write each region's edits to `recovered.edits/<WAL name>` through a temporary file of this worker's,
 * renamed into place. Edits of a region whose directory does not exist are dropped (its table is gone, or was
 * never created). The same layout as the master's split (master-filesystem.ts), so a region opening replays
 * either.
 *
 * Any HDFS error ends the split as ERR (the worker never retries on its own: 1.x returns Status.ERR on an
 * IOException and lets the manager decide). `progress` is the reporter: it heartbeats the task and answers false
 * once the task was taken from this worker (preempted), which stops the split without a final state.
 */
import { installRecoveredEdits } from '../../hbase/recovered-edits.ts';
import { isMetaWalFile, RECOVERED_EDITS_TEMP_SUFFIX } from '../../hbase/paths.ts';
import type { FsResult } from '../../hbase/ports.ts';
import { META_REGION, type RegionInfo } from '../../hbase/region-info.ts';
import type { HRegionServer } from '../hregionserver.ts';
import type { WalEdit } from '../wal-edit.ts';

export type SplitStatus = 'DONE' | 'ERR' | 'PREEMPTED';

export type Progress = (then: (stillOwned: boolean) => void) => void;

export function splitLogFile(rs: HRegionServer, walPath: string, progress: Progress, done: (status: SplitStatus) => void): void {
  new WalSplit(rs, walPath, progress, done).start();
}

class WalSplit {
  readonly #name: string;
  readonly #meta: boolean;

  constructor(
    private readonly rs: HRegionServer,
    private readonly walPath: string,
    private readonly progress: Progress,
    private readonly done: (status: SplitStatus) => void,
  ) {
    this.#name = walPath.slice(walPath.lastIndexOf('/') + 1);
    this.#meta = isMetaWalFile(this.#name);
  }

  start(): void {
    this.rs.failpoint('rs.zk.splitlog.beforeLeaseRecovery', { wal: this.#name });
    this.#recoverLease((r) => {
      if (r.code !== 'ok') return this.done('ERR');
      this.rs.failpoint('rs.zk.splitlog.leaseRecovered', { wal: this.#name });
      this.rs.fs.read(this.walPath, (read) => {
        if (read.code !== 'ok') return this.done('ERR');
        this.#byRegion((read.value ?? []) as WalEdit[]);
      });
    });
  }

  #recoverLease(done: (r: FsResult<unknown>) => void): void {
    this.rs.fs.recoverLease(this.walPath, done);
  }

  #byRegion(edits: readonly WalEdit[]): void {
    const byRegion = new Map<string, WalEdit[]>();
    for (const edit of edits) {
      if ((edit.region === META_REGION.encodedName) !== this.#meta) continue;
      const list = byRegion.get(edit.region) ?? [];
      list.push(edit);
      byRegion.set(edit.region, list);
    }
    if (byRegion.size === 0) return this.done('DONE');
    regionDirs(this.rs, (regions) => {
      if (regions === null) return this.done('ERR');
      this.#writeNext([...byRegion.keys()].sort(), 0, byRegion, regions);
    });
  }

  #writeNext(names: readonly string[], i: number, byRegion: ReadonlyMap<string, WalEdit[]>, regions: ReadonlyMap<string, RegionInfo>): void {
    const encoded = names[i];
    if (encoded === undefined) return this.done('DONE');
    const region = regions.get(encoded);
    if (region === undefined) return this.#writeNext(names, i + 1, byRegion, regions);
    this.progress((owned) => {
      if (!owned) return this.done('PREEMPTED');
      this.rs.failpoint('rs.zk.splitlog.writeRecoveredEdits', { wal: this.#name, region: encoded });
      this.#writeRecoveredEdits(`${this.rs.layout.recoveredEditsDir(region)}/${this.#name}`, byRegion.get(encoded) ?? [], (ok) => {
        if (!ok) return this.done('ERR');
        this.#writeNext(names, i + 1, byRegion, regions);
      });
    });
  }

  /** A temporary file named by this worker (HBASE-28951's fix), closed, then renamed over the final name. */
  #writeRecoveredEdits(path: string, edits: readonly WalEdit[], done: (ok: boolean) => void): void {
    const { fs } = this.rs;
    const temp = `${path}.${this.rs.serverName.replaceAll(',', '%2C')}${RECOVERED_EDITS_TEMP_SUFFIX}`;
    fs.create(temp, { createParent: true, overwrite: true }, (created) => {
      if (created.code !== 'ok' || created.value === undefined) return done(false);
      const writer = created.value;
      writer.appendAndSync(edits, (synced) => {
        if (synced.code !== 'ok') return done(false);
        writer.close((closed) => {
          if (closed.code !== 'ok') return done(false);
          installRecoveredEdits(fs, temp, path, edits, (installed) => done(installed.code === 'ok'));
        });
      });
    });
  }
}

/**
 * The regions that have a directory, by encoded name: `<rootdir>/data/<namespace>/<table>/<encoded>`. WALSplitter
 * finds a region's directory from the WAL key's table name; the model's WAL edits name only the region, so the
 * worker lists the data directory instead (null on an HDFS error).
 */
function regionDirs(rs: HRegionServer, done: (regions: Map<string, RegionInfo> | null) => void): void {
  const data = rs.layout.fs.data;
  const regions = new Map<string, RegionInfo>();
  listAll(rs, data, (namespaces) => {
    if (namespaces === null) return done(null);
    const tables: Array<[string, string]> = [];
    let pending = namespaces.length;
    if (pending === 0) return done(regions);
    let failed = false;
    for (const ns of namespaces) {
      listAll(rs, `${data}/${ns}`, (names) => {
        if (names === null) failed = true;
        else for (const t of names) tables.push([ns, t]);
        if (--pending === 0) listTables(rs, failed ? null : tables.sort(), regions, done);
      });
    }
  });
}

function listTables(rs: HRegionServer, tables: Array<[string, string]> | null, regions: Map<string, RegionInfo>, done: (regions: Map<string, RegionInfo> | null) => void): void {
  if (tables === null) return done(null);
  let pending = tables.length;
  if (pending === 0) return done(regions);
  let failed = false;
  for (const [ns, table] of tables) {
    listAll(rs, `${rs.layout.fs.data}/${ns}/${table}`, (encodedNames) => {
      if (encodedNames === null) failed = true;
      // Only the table and the encoded name place a region's directory (HBaseLayout.regionDir).
      else for (const encodedName of encodedNames) regions.set(encodedName, { table: ns === 'default' ? table : `${ns}:${table}`, startKey: '', endKey: '', regionId: 0, encodedName });
      if (--pending === 0) done(failed ? null : regions);
    });
  }
}

function listAll(rs: HRegionServer, dir: string, done: (names: string[] | null) => void): void {
  rs.fs.list(dir, (r) => {
    if (r.code === 'FileNotFoundException') return done([]);
    done(r.code === 'ok' ? (r.value ?? []) : null);
  });
}
