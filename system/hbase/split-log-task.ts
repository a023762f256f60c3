/**
 * Distributed log splitting's znodes (HBase 1.1: ZKSplitLog, SplitLogTask; HBASE.md §5.1): one task per WAL
 * under `/hbase/splitWAL`, named by the URL-encoded WAL path relative to hbase.rootdir, holding a SplitLogTask
 * {state, server} — the master for UNASSIGNED, the worker for OWNED, RESIGNED, DONE and ERR. Every change of
 * state is a setData guarded by the version its writer read. RESCAN nodes (written DONE by the master) only make
 * the workers list the tasks again.
 */
import { joinZNode } from './znode-paths.ts';
import type { ServerName } from './server-name.ts';

export type SplitLogTaskState = 'UNASSIGNED' | 'OWNED' | 'RESIGNED' | 'DONE' | 'ERR';

/** SplitLogTask: kept a small readable object, as the report draws it from the zk.znode.* events. */
export interface SplitLogTask {
  state: SplitLogTaskState;
  server: ServerName;
}

export function isSplitLogTask(data: unknown): data is SplitLogTask {
  return typeof data === 'object' && data !== null && typeof (data as SplitLogTask).state === 'string' && typeof (data as SplitLogTask).server === 'string';
}

/**
 * java.net.URLEncoder.encode(s, "UTF-8"), which ZKSplitLog.encode uses: letters, digits and `.-*_` stay, a space
 * becomes `+`, every other byte `%XX`.
 */
export function urlEncode(s: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(s)) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9.\-*_]/.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** java.net.URLDecoder.decode(s, "UTF-8"). */
export function urlDecode(s: string): string {
  return decodeURIComponent(s.replaceAll('+', ' '));
}

/** ZKSplitLog.getEncodedNodeName: the task znode of a WAL (`walPath` relative to the root dir, FSUtils.removeRootPath). */
export function taskZNode(splitLogZNode: string, walPath: string): string {
  return joinZNode(splitLogZNode, urlEncode(walPath));
}

/** ZKSplitLog.getFileName: the WAL path a task names (relative to the root dir). */
export function walPathOfTask(taskName: string): string {
  return urlDecode(taskName.slice(taskName.lastIndexOf('/') + 1));
}

/** ZKSplitLog.isRescanNode. */
export function isRescanNode(taskName: string): boolean {
  return taskName.slice(taskName.lastIndexOf('/') + 1).startsWith('RESCAN');
}

/** FSUtils.removeRootPath: a path under the root dir, relative to it. */
export function removeRootPath(rootDir: string, path: string): string {
  return path.startsWith(`${rootDir}/`) ? path.slice(rootDir.length + 1) : path;
}
