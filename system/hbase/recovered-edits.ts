/**
 * WALSplitter's closing of a recovered-edits writer (1.1 `LogRecoveredEditsOutputSink.closeWriter`, 2.x
 * `AbstractRecoveredEditsOutputSink.closeRecoveredEditsWriter`): the temporary file is renamed to the final name. When
 * the final file exists already — another splitter of the same WAL got there first (a resubmitted task, a zombie
 * worker or master) — `deleteOneWithFewerEntries` keeps the file whose first edit is older and deletes the other,
 * so two splitters of one WAL never delete each other's finished file. Deleting the final file first and renaming
 * after, as the model did, lost a region's edits when the slower splitter died between the two (failover seed
 * 100085 with --assignment zk: a zombie split worker deleted the file another worker had finished).
 */
import type { FileSystemPort, FsResult } from './ports.ts';

export function installRecoveredEdits(fs: FileSystemPort, temp: string, path: string, edits: readonly unknown[], done: (result: FsResult<unknown>) => void): void {
  fs.read(path, (existing) => {
    if (existing.code === 'FileNotFoundException') return fs.rename(temp, path, done);
    if (existing.code !== 'ok') return done(existing);
    const firstOf = (records: readonly unknown[]) => (records[0] as { seq?: number } | undefined)?.seq ?? Number.POSITIVE_INFINITY;
    if (firstOf(edits) < firstOf(existing.value ?? [])) {
      return fs.delete(path, false, (r) => (r.code === 'ok' || r.code === 'FileNotFoundException' ? fs.rename(temp, path, done) : done(r)));
    }
    fs.delete(temp, false, (r) => done(r.code === 'FileNotFoundException' ? { code: 'ok' } : r));
  });
}
