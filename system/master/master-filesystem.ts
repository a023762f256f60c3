/**
 * MasterFileSystem / MasterWalManager / WALSplitter, as the ServerCrashProcedure uses them (HBASE.md §2).
 *
 * Splitting a dead server's WALs fences it first: the WAL directory is renamed to `<sn>-splitting`, so the
 * zombie cannot create a new WAL (it creates files with createParent=false), and each file's lease is
 * recovered, so its next sync on the open WAL fails. Only then are the edits read and written, per region,
 * into `recovered.edits`, which the region replays when it next opens. Every step is idempotent.
 *
 * Simplification: the master splits the WALs itself (HBase ≤2.3 style) rather than dispatching
 * SplitWALRemoteProcedures to RegionServers.
 */
import type { ProcessContext } from '../../harness/scheduler.ts';
import type { SystemTracer } from '../../schema/trace.ts';
import { isMetaWalFile, RECOVERED_EDITS_TEMP_SUFFIX, type HBaseLayout } from '../hbase/paths.ts';
import type { FileSystemPort, FsResult } from '../hbase/ports.ts';
import { META_REGION, type RegionInfo } from '../hbase/region-info.ts';
import type { ServerName } from '../hbase/server-name.ts';
import type { WalEdit } from '../regionserver/wal-edit.ts';
import type { MasterFileSystem } from './master-env.ts';

const RETRY_MS = 500;

export class HdfsMasterFileSystem implements MasterFileSystem {
  constructor(
    private readonly ctx: ProcessContext,
    private readonly fs: FileSystemPort,
    private readonly layout: HBaseLayout,
    private readonly trace: SystemTracer,
    private readonly master: ServerName,
    /** Region by encoded name, for the recovered.edits path; unknown regions' edits are dropped. */
    private readonly regionOf: (encodedName: string) => RegionInfo | undefined,
    private readonly bugs: ReadonlySet<string> = new Set(),
  ) {}

  createRegionDirs(regions: readonly RegionInfo[], done: () => void): void {
    let remaining = regions.length;
    if (remaining === 0) return done();
    for (const region of regions) {
      this.#retrying((cb) => this.fs.mkdirs(this.layout.regionDir(region), cb), () => --remaining === 0 && done());
    }
  }

  /**
   * MasterWalManager.splitLog / splitMetaLog: the meta WAL files (`.meta`, META_FILTER) or the others, each in
   * write order. Planted bug `zombie-rolls-into-listed-wal-dir` (HBASE-2312 as it happened) lists the WAL
   * directory itself and renames it only afterwards, at cleanup.
   */
  splitWals(server: ServerName, regions: 'meta' | 'user', done: () => void): void {
    const listedDir = this.bugs.has('zombie-rolls-into-listed-wal-dir') ? this.layout.walDir(server) : this.layout.splittingWalDir(server);
    const rename = (then: () => void) => (listedDir === this.layout.walDir(server) ? then() : this.#renameWalDir(server, then));
    rename(() =>
      this.fs.list(listedDir, (listing) => {
        if (listing.code === 'FileNotFoundException') return done();
        if (listing.code !== 'ok') return this.ctx.setTimer(RETRY_MS, () => this.splitWals(server, regions, done));
        const files = (listing.value ?? []).filter((f) => isMetaWalFile(f) === (regions === 'meta'));
        const paths = files.map((f) => `${listedDir}/${f}`);
        // Fence every WAL first: from here on the dead server cannot acknowledge a write.
        // (Planted bug HBASE-2312 skips the fencing.)
        const fence = (then: () => void) =>
          this.bugs.has('split-without-lease-recovery')
            ? then()
            : this.#recoverLeases(paths, 0, () => {
                // Only a recovered lease fences: the checkers end the server's tenure here.
                this.trace.emit('master.serverFenced', { master: this.master, server, wals: files.length });
                then();
              });
        fence(() => {
          const splitNext = (i: number): void => {
            const file = files[i];
            if (file === undefined) {
              this.trace.emit('master.walSplit', { master: this.master, server, files: files.length });
              return done();
            }
            this.#splitOne(`${listedDir}/${file}`, file, regions, () => splitNext(i + 1));
          };
          splitNext(0);
        });
      }),
    );
  }

  /**
   * MasterFileSystem.splitLog's first half in the ZooKeeper era (HBase 1.1), whose SplitLogManager hands the files
   * to SplitLogWorkers: the directory renamed to `<sn>-splitting` (reusing one renamed before), then its files
   * (paths) that `which`'s filter takes, in write order. None when the server left no WAL directory.
   */
  walsToSplit(server: ServerName, which: 'meta' | 'user', done: (paths: string[]) => void): void {
    const dir = this.layout.splittingWalDir(server);
    this.#renameWalDir(server, () =>
      this.fs.list(dir, (listing) => {
        if (listing.code === 'FileNotFoundException') return done([]);
        if (listing.code !== 'ok') return void this.ctx.setTimer(RETRY_MS, () => this.walsToSplit(server, which, done));
        done((listing.value ?? []).filter((f) => isMetaWalFile(f) === (which === 'meta')).map((f) => `${dir}/${f}`));
      }),
    );
  }

  /** The rename to `<sn>-splitting` that stops the server rolling to a new WAL (it creates with createParent=false). */
  #renameWalDir(server: ServerName, done: () => void): void {
    const splitting = this.layout.splittingWalDir(server);
    this.#retrying(
      (cb) =>
        this.fs.rename(this.layout.walDir(server), splitting, (r) => {
          // Already renamed by an earlier run of this step, or the server never wrote a WAL: both fine.
          if (r.code === 'ok') this.trace.emit('master.walDirRenamed', { master: this.master, server, to: splitting });
          cb(r.code === 'ok' || r.code === 'FileNotFoundException' ? ok : r);
        }),
      done,
    );
  }

  #recoverLeases(paths: readonly string[], i: number, done: () => void): void {
    const path = paths[i];
    if (path === undefined) return done();
    this.#retrying(
      (cb) => this.fs.recoverLease(path, (r) => cb(r.code === 'FileNotFoundException' ? ok : r)),
      () => this.#recoverLeases(paths, i + 1, done),
    );
  }

  /**
   * Archive the split WALs to oldWALs (SplitWALManager.archive), then delete the empty directory. A rename does
   * not stop a writer that still has the file open — only the lease recovery before the split fences a zombie.
   */
  deleteSplitWalDir(server: ServerName, done: () => void): void {
    // With the planted bug the directory is renamed only now, with whatever the server wrote since the listing.
    if (this.bugs.has('zombie-rolls-into-listed-wal-dir')) return this.#renameWalDir(server, () => this.#archiveSplitWals(server, done));
    this.#archiveSplitWals(server, done);
  }

  #archiveSplitWals(server: ServerName, done: () => void): void {
    const dir = this.layout.splittingWalDir(server);
    this.fs.list(dir, (listing) => {
      if (listing.code === 'FileNotFoundException') return done();
      if (listing.code !== 'ok') return void this.ctx.setTimer(RETRY_MS, () => this.#archiveSplitWals(server, done));
      const files = listing.value ?? [];
      const archiveNext = (i: number): void => {
        const file = files[i];
        if (file === undefined) {
          return this.#retrying((cb) => this.fs.delete(dir, true, (r) => cb(r.code === 'FileNotFoundException' ? ok : r)), done);
        }
        this.#retrying(
          (cb) =>
            this.fs.mkdirs(this.layout.fs.oldWals, () =>
              this.fs.rename(`${dir}/${file}`, `${this.layout.fs.oldWals}/${file}`, (r) => cb(r.code === 'FileNotFoundException' || r.code === 'FileAlreadyExistsException' ? ok : r)),
            ),
          () => archiveNext(i + 1),
        );
      };
      archiveNext(0);
    });
  }

  /** Write a (fenced) WAL's edits to each region's recovered.edits. */
  #splitOne(path: string, name: string, which: 'meta' | 'user', done: () => void): void {
    this.#retrying(
      (cb) => cb(ok),
      () =>
        this.fs.read(path, (r) => {
          if (r.code === 'FileNotFoundException') return done();
          if (r.code !== 'ok') return this.ctx.setTimer(RETRY_MS, () => this.#splitOne(path, name, which, done));
          const byRegion = new Map<string, WalEdit[]>();
          for (const edit of (r.value ?? []) as WalEdit[]) {
            if ((edit.region === META_REGION.encodedName) !== (which === 'meta')) continue;
            const list = byRegion.get(edit.region) ?? [];
            list.push(edit);
            byRegion.set(edit.region, list);
          }
          const regions = [...byRegion.keys()].sort();
          const writeNext = (i: number): void => {
            const encoded = regions[i];
            if (encoded === undefined) return done();
            const region = this.regionOf(encoded);
            // A user region meta does not know (its table's creation never reached meta) has nowhere to go.
            if (region === undefined) return writeNext(i + 1);
            this.#writeRecoveredEdits(`${this.layout.recoveredEditsDir(region)}/${name}`, byRegion.get(encoded) ?? [], () => writeNext(i + 1));
          };
          writeNext(0);
        }),
    );
  }

  /**
   * Write a region's recovered edits as WALSplitter does: into a temporary file of this master's, then renamed
   * into place. A master that dies half-way leaves only its temporary file (readers skip `.temp`), which never
   * blocks the next master's split.
   */
  #writeRecoveredEdits(path: string, edits: WalEdit[], done: () => void): void {
    const temp = `${path}.${this.master.replaceAll(',', '%2C')}${RECOVERED_EDITS_TEMP_SUFFIX}`;
    // Retried as a whole: if the temporary file vanished (a region opening elsewhere cleared the directory),
    // it is written again rather than renamed in vain.
    this.#retrying(
      (cb) =>
        this.fs.create(temp, { createParent: true, overwrite: true }, (created) => {
          if (created.code !== 'ok' || created.value === undefined) return cb(created as FsResult<unknown>);
          const writer = created.value;
          writer.appendAndSync(edits, (synced) => {
            if (synced.code !== 'ok') return cb(synced);
            writer.close((closed) => {
              if (closed.code !== 'ok') return cb(closed);
              // Delete, then rename: 2.x's closeRecoveredEditsWriter keeps the older file instead
              // (deleteOneWithFewerEntries, system/hbase/recovered-edits.ts, as the ZooKeeper era's workers do); left
              // as it was here because two planted bugs' exposure rests on it (see the closing note of issue 12).
              this.fs.delete(path, false, (r) => (r.code === 'ok' || r.code === 'FileNotFoundException' ? this.fs.rename(temp, path, cb) : cb(r)));
            });
          });
        }),
      done,
    );
  }

  /** Run an HDFS step until it succeeds (the master keeps trying while it lives, as the SCP does). */
  #retrying(step: (cb: (result: FsResult<unknown>) => void) => void, done: () => void): void {
    step((result) => {
      if (result.code === 'ok') return done();
      this.ctx.setTimer(RETRY_MS, () => this.#retrying(step, done));
    });
  }
}

const ok: FsResult<unknown> = { code: 'ok' };
