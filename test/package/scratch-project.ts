/**
 * A packed faultline installed into a throwaway project, the way a node:test, jest or mocha user gets it — offline.
 *
 * The project's lockfile pins every runtime dependency to the entry this repository's package-lock.json has for it
 * (its runtime closure: the entries not marked dev) with its registry URL, so `npm ci --offline` takes from the npm
 * cache exactly the tarballs (by integrity) that `npm ci` here already put there. A lockfile-less
 * `npm install --offline` would resolve ranges against cached registry metadata instead, which `npm ci` does not
 * always leave behind, and which lists newer transitive versions as soon as they are published. The project also carries faultline's own `overrides` (d3-node's jsdom), which npm applies only in a
 * root project: that is what the README tells a user to copy.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO = join(import.meta.dirname, '../..');

interface LockEntry {
  dev?: boolean;
  [field: string]: unknown;
}

interface Manifest {
  version: string;
  license: string;
  dependencies: Record<string, string>;
  bin: Record<string, string>;
  engines: Record<string, string>;
  overrides?: unknown;
}

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * npm, node or npx in `cwd`, offline. An `npm test` parent passes its lifecycle variables (npm_package_*,
 * npm_lifecycle_*) down; those would describe this repository to the child npm, so they are dropped.
 */
export function exec(command: string, args: readonly string[], cwd: string): Ran {
  const env: NodeJS.ProcessEnv = { npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  for (const [name, value] of Object.entries(process.env)) {
    if (/^npm_(package|lifecycle)_|^npm_config_local_prefix$/.test(name)) continue;
    env[name] ??= value;
  }
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function execOk(command: string, args: readonly string[], cwd: string): string {
  const ran = exec(command, args, cwd);
  if (ran.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${ran.status}:\n${ran.stdout}\n${ran.stderr}`);
  return ran.stdout;
}

/** The folders the build compiles: tsconfig.build.json's `include` (its comments are whole lines). */
export function compiledFolders(): string[] {
  const text = readFileSync(join(REPO, 'tsconfig.build.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '');
  return (JSON.parse(text) as { include: string[] }).include;
}

/** What the build and `npm pack` read; tests, bench, store and any build of this checkout stay out. */
const PACKAGE_FILES = ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'bin'];

export interface Packed {
  tarball: string;
  files: string[];
  /** The copy that was packed: a checkout with a fresh build in dist/. */
  checkout: string;
}

/**
 * `npm pack` of a copy of the package's sources (its prepare script builds dist/ there), so the build never writes
 * this checkout's dist/, which the CLI of other test files running at the same time may be loading.
 */
export function pack(into: string): Packed {
  const copy = join(into, 'source');
  mkdirSync(copy);
  for (const name of [...PACKAGE_FILES, ...compiledFolders()]) cpSync(join(REPO, name), join(copy, name), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const [packed] = JSON.parse(execOk('npm', ['pack', '--json', '--pack-destination', into], copy)) as [{ filename: string; files: { path: string }[] }];
  return { tarball: join(into, packed.filename), files: packed.files.map((f) => f.path), checkout: copy };
}

/**
 * The registry tarball of a lockfile entry. This repository's lockfile leaves `resolved` out, and then npm asks the
 * registry's metadata for it, which an offline install finds only if that very request was cached; with the URL
 * (and the entry's integrity) the tarball comes straight from the cache.
 */
function tarballUrl(registry: string, path: string, entry: LockEntry): string {
  const name = typeof entry.name === 'string' ? entry.name : path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
  return `${registry}${name}/-/${name.slice(name.indexOf('/') + 1)}-${String(entry.version)}.tgz`;
}

/** A project depending on the tarball alone, installed with `npm ci --offline`. */
export function installScratchProject(dir: string, tarball: string): void {
  const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Manifest;
  const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const dependency = `file:${tarball}`;
  mkdirSync(dir, { recursive: true });
  const packages: Record<string, unknown> = {
    '': { name: 'scratch', version: '1.0.0', dependencies: { faultline: dependency } },
    'node_modules/faultline': {
      version: manifest.version,
      resolved: dependency,
      license: manifest.license,
      dependencies: manifest.dependencies,
      bin: manifest.bin,
      engines: manifest.engines,
    },
  };
  const registry = execOk('npm', ['config', 'get', 'registry'], dir).trim().replace(/\/?$/, '/');
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path.startsWith('node_modules/') && entry.dev !== true) packages[path] = { resolved: tarballUrl(registry, path, entry), ...entry };
  }
  const project = { name: 'scratch', version: '1.0.0', private: true, type: 'module', dependencies: { faultline: dependency }, overrides: manifest.overrides };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(project, null, 2));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2));
  execOk('npm', ['ci', '--offline', '--no-audit', '--no-fund'], dir);
}
