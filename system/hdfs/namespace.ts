/**
 * The NameNode's namespace (FSDirectory): a tree of directory and file inodes. Files are found by path for
 * namespace operations and by inode id for writes, so an open writer follows its file through renames — as
 * HDFS's fileId does — until the lease is recovered or the file is deleted.
 *
 * A file's content is a list of records, each a deep-frozen JSON value (protocol.ts's freezeRecord: HDFS
 * stores bytes, and a frozen record cannot be changed behind the namespace's back either).
 */
import type { FileStatus, HdfsErrorCode, HdfsRecord, HdfsResult, LeaseHolder } from './protocol.ts';

export interface Lease {
  holder: LeaseHolder;
  writerId: number;
}

export interface INodeFile {
  readonly kind: 'file';
  readonly id: number;
  name: string;
  parent: INodeDirectory | null;
  readonly records: HdfsRecord[];
  /** Set while the file is open for write (under construction). */
  lease: Lease | null;
  /** Lease recovery was asked for and will close the file (only with a recovery delay). */
  recovering: boolean;
}

export interface INodeDirectory {
  readonly kind: 'dir';
  name: string;
  parent: INodeDirectory | null;
  readonly children: Map<string, INode>;
}

export type INode = INodeFile | INodeDirectory;

export class FSDirectory {
  readonly root: INodeDirectory = { kind: 'dir', name: '', parent: null, children: new Map() };
  /** Files by inode id, for writers; a deleted file leaves this map. */
  readonly #files = new Map<number, INodeFile>();
  #nextFileId = 16_386; // HDFS's first inode id after the root's, for flavour

  /** The node at `path`, or null (also for an invalid path). */
  lookup(path: string): INode | null {
    const parts = split(path);
    return parts === null ? null : this.walk(parts, parts.length);
  }

  /** The node at the path made of the first `count` components of a split path (see `split`), or null. */
  walk(parts: readonly string[], count: number): INode | null {
    let node: INode = this.root;
    for (let i = 0; i < count; i++) {
      if (node.kind !== 'dir') return null;
      const next: INode | undefined = node.children.get(parts[i] as string);
      if (next === undefined) return null;
      node = next;
    }
    return node;
  }

  fileById(id: number): INodeFile | null {
    return this.#files.get(id) ?? null;
  }

  /** Create missing directories along `path`. */
  mkdirs(path: string): HdfsResult<INodeDirectory> {
    const parts = split(path);
    if (parts === null) return fail('InvalidPathException', path);
    let dir = this.root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      const next = dir.children.get(part);
      if (next === undefined) {
        const created: INodeDirectory = { kind: 'dir', name: part, parent: dir, children: new Map() };
        dir.children.set(part, created);
        dir = created;
      } else if (next.kind === 'file') {
        return fail(i === parts.length - 1 ? 'FileAlreadyExistsException' : 'ParentNotDirectoryException', `${pathOf(next)} is a file`);
      } else {
        dir = next;
      }
    }
    return { ok: true, value: dir };
  }

  /** Add a new, empty file in an existing directory (the caller checked that the name is free). */
  addFile(parent: INodeDirectory, name: string, lease: Lease): INodeFile {
    if (parent.children.has(name)) throw new Error(`FSDirectory invariant: ${name} exists in ${pathOf(parent)}`);
    const file: INodeFile = { kind: 'file', id: this.#nextFileId++, name, parent, records: [], lease, recovering: false };
    parent.children.set(name, file);
    this.#files.set(file.id, file);
    return file;
  }

  /** rename2 without OVERWRITE: `dst` must not exist and its parent must. */
  rename(src: string, dst: string): HdfsResult<INode> {
    const srcParts = split(src);
    const dstParts = split(dst);
    if (srcParts === null) return fail('InvalidPathException', src);
    if (dstParts === null) return fail('InvalidPathException', dst);
    if (srcParts.length === 0 || dstParts.length === 0) return fail('IOException', 'cannot rename the root');
    const node = this.walk(srcParts, srcParts.length);
    if (node === null) return fail('FileNotFoundException', `rename source ${src} not found`);
    if (this.walk(dstParts, dstParts.length) !== null) return fail('FileAlreadyExistsException', `rename destination ${dst} already exists`);
    const dstParent = this.walk(dstParts, dstParts.length - 1);
    if (dstParent === null) return fail('FileNotFoundException', `rename destination parent ${parentPath(dstParts)} not found`);
    if (dstParent.kind !== 'dir') return fail('ParentNotDirectoryException', `rename destination parent ${parentPath(dstParts)} is a file`);
    for (let d: INodeDirectory | null = dstParent; d !== null; d = d.parent) {
      if (d === node) return fail('IOException', `cannot rename ${src} into its own subtree ${dst}`);
    }
    node.parent?.children.delete(node.name);
    node.name = dstParts[dstParts.length - 1] as string;
    node.parent = dstParent;
    dstParent.children.set(node.name, node);
    return { ok: true, value: node };
  }

  /** Remove a node and its subtree; returns the files removed (their writers are now fenced). */
  remove(node: INode): INodeFile[] {
    if (node.parent === null) throw new Error('FSDirectory invariant: cannot remove the root');
    node.parent.children.delete(node.name);
    node.parent = null;
    const removed: INodeFile[] = [];
    const walk = (n: INode) => {
      if (n.kind === 'file') {
        this.#files.delete(n.id);
        removed.push(n);
      } else for (const child of sortedChildren(n)) walk(child);
    };
    walk(node);
    return removed;
  }

  /** `path` is the node's path when the caller knows it already (a listing knows its directory's). */
  status(node: INode, path: string = pathOf(node)): FileStatus {
    return node.kind === 'dir'
      ? { path, isDirectory: true, length: 0, underConstruction: false, fileId: 0 }
      : { path, isDirectory: false, length: node.records.length, underConstruction: node.lease !== null, fileId: node.id };
  }

  /** Files open for write, in inode-id order. */
  openFiles(): INodeFile[] {
    return [...this.#files.values()].filter((f) => f.lease !== null).sort((a, b) => a.id - b.id);
  }
}

export function sortedChildren(dir: INodeDirectory): INode[] {
  return [...dir.children.keys()].sort().map((name) => dir.children.get(name) as INode);
}

/** The current path of a node (`/` for the root); a deleted node's path is its last name, detached. */
export function pathOf(node: INode): string {
  if (node.parent === null) return '/';
  let path = '/' + node.name;
  for (let n: INode = node.parent; n.parent !== null; n = n.parent) path = '/' + n.name + path;
  return path;
}

/** The path of a directory's child: a listing builds its entries' paths from the directory's, not each from the root. */
export function childPath(dirPath: string, name: string): string {
  return dirPath === '/' ? '/' + name : dirPath + '/' + name;
}

const SLASH = 47; // '/'

/** Path components, or null for an invalid path (relative, empty components, `.`/`..`). */
export function split(path: string): string[] | null {
  if (path.charCodeAt(0) !== SLASH) return null;
  if (path.length === 1) return [];
  const parts = path.slice(1).split('/');
  for (const part of parts) if (!isComponent(part)) return null;
  return parts;
}

function isComponent(part: string): boolean {
  return part !== '' && part !== '.' && part !== '..' && !part.includes(':');
}

export function parentPath(parts: readonly string[]): string {
  return '/' + parts.slice(0, -1).join('/');
}

export function fail(error: HdfsErrorCode, message: string): { ok: false; error: HdfsErrorCode; message: string } {
  return { ok: false, error, message };
}
