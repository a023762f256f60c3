/**
 * Compiled builds to compare: a git revision (exported with `git archive`, so no worktree is touched) or this
 * working tree, each compiled with tsconfig.build.json into a folder under the system's temp dir. Both sides run
 * as plain JavaScript, so neither pays tsx's helpers.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

export interface Build {
  /** What was built: a short commit id, or 'working tree'. */
  label: string;
  /** The folder holding dist/. */
  dir: string;
}

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
}

function compile(dir: string): void {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.build.json'), '--outDir', join(dir, 'dist')], { cwd: dir, stdio: 'inherit' });
}

/** The commit where two revisions' histories meet. */
export function mergeBase(a: string, b: string): string {
  return git('merge-base', a, b);
}

/** A revision's build, made once and reused (the folder is named by the full commit id). */
export function buildRevision(rev: string): Build {
  const commit = git('rev-parse', '--verify', `${rev}^{commit}`);
  const dir = join(tmpdir(), `faultline-build-${commit}`);
  if (!existsSync(join(dir, 'dist', 'runner', 'library.js'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execFileSync('sh', ['-c', `git archive ${commit} | tar -x -C '${dir}'`], { cwd: ROOT });
    linkNodeModules(dir);
    compile(dir);
  }
  // A reused build may link the node_modules of a checkout that is gone (a removed worktree): link this one's.
  linkNodeModules(dir);
  return { label: commit.slice(0, 7), dir };
}

function linkNodeModules(dir: string): void {
  rmSync(join(dir, 'node_modules'), { force: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
}

/**
 * This working tree compiled afresh (uncommitted edits included) into a temp folder, removed when this process exits:
 * unlike a revision's build it is never reused, and every bench run would otherwise leave one behind.
 */
export function buildWorkingTree(): Build {
  const dir = join(tmpdir(), `faultline-build-worktree-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  linkNodeModules(dir);
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(dir, 'dist')], { cwd: ROOT, stdio: 'inherit' });
  // The CLI as well, so that a bench can run this build the way a user does (it finds dist/ beside bin/).
  cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  return { label: `working tree (${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no') === '' ? '' : '+edits'})`, dir };
}
