/**
 * Real file output, at the edge of the harness (outside the simulation). Every file is written to a temporary
 * sibling and renamed into place, so a reader never sees half a history or half a report.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync, accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, join, basename, resolve } from 'node:path';
import { createHash } from 'node:crypto';

/** The output directory cannot be created or written; the message is one line, fit for a user. */
export class OutputError extends Error {
  override name = 'OutputError';
}

let tempCounter = 0;

export function writeFileAtomic(path: string, content: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${tempCounter++}.tmp`);
  try {
    writeFileSync(temp, content);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new OutputError(`cannot write ${path}: ${describe(error)}`);
  }
}

/** Create `dir` (and parents) and prove it is writable before any work is done, so a bad --out fails fast. */
export function ensureWritableDir(dir: string): void {
  try {
    makeDirs(resolve(dir));
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new OutputError(`output directory ${dir} is not writable: ${describe(error)}`);
  }
}

/**
 * `mkdir -p`, one level at a time. Not `mkdirSync(dir, {recursive: true})`: under a pseudo-filesystem (`/proc/x`)
 * mkdir fails with ENOENT although the parent exists, and Node's recursive mkdir retries that forever at full CPU.
 */
function makeDirs(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) makeDirs(parent);
  try {
    mkdirSync(dir);
  } catch (error) {
    // Another process may have made it meanwhile; anything else is the answer.
    if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
  }
}

export function sha256(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

function describe(error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
    return error.code === 'EACCES' || error.code === 'EPERM' ? 'permission denied' : error.code === 'ENOTDIR' ? 'a path component is not a directory' : error.code === 'EEXIST' ? 'a file is in the way' : error.code === 'ENOENT' ? 'no directory can be made there (ENOENT)' : error.code;
  }
  return error instanceof Error ? error.message : String(error);
}
