/**
 * The one-way flow is enforced by ESLint (eslint.config.js): these cases lint a one-line module placed in each
 * folder, so a rule that is dropped, shadowed by a later config object, or widened to forbid what is allowed,
 * fails here.
 */
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The no-restricted-imports messages for a module at `file` that imports `source`. */
async function restricted(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import '${source}';\n`, { filePath: join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const forbidden: [string, string][] = [
  ['harness/x.ts', '../system/cluster.ts'],
  ['harness/x.ts', '../schema/trace.ts'],
  ['harness/x.ts', '../checkers/index.ts'],
  ['harness/x.ts', '../reports/index.ts'],
  ['harness/x.ts', '../workloads/register.ts'],
  ['harness/faults/x.ts', '../../runner/cli.ts'],
  ['harness/io/x.ts', '../../system/cluster.ts'],
  ['schema/x.ts', '../system/cluster.ts'],
  ['schema/events/x.ts', '../../checkers/index.ts'],
  ['schema/x.ts', '../reports/index.ts'],
  ['system/x.ts', '../checkers/index.ts'],
  ['system/x.ts', '../reports/index.ts'],
  ['system/x.ts', '../workloads/register.ts'],
  ['system/master/x.ts', '../../runner/cli.ts'],
  ['workloads/x.ts', '../checkers/index.ts'],
  ['workloads/x.ts', '../reports/index.ts'],
  ['workloads/x.ts', '../runner/cli.ts'],
  ['checkers/x.ts', '../system/cluster.ts'],
  ['checkers/assignment/x.ts', '../../runner/run-seed.ts'],
  ['checkers/x.ts', '../workloads/register.ts'],
  ['checkers/x.ts', '../reports/index.ts'],
  ['reports/x.ts', '../system/cluster.ts'],
  ['reports/x.ts', '../runner/run-seed.ts'],
  ['reports/x.ts', '../workloads/register.ts'],
];

const allowed: [string, string][] = [
  ['harness/faults/x.ts', '../scheduler.ts'],
  ['schema/x.ts', '../harness/trace.ts'],
  ['system/x.ts', '../schema/trace.ts'],
  ['system/master/x.ts', '../../harness/scheduler.ts'],
  ['workloads/x.ts', '../system/cluster.ts'],
  ['checkers/assignment/x.ts', '../../schema/trace.ts'],
  ['reports/x.ts', '../checkers/assignment/serving.ts'],
  ['reports/x.ts', '../harness/io/atomic.ts'],
  ['runner/x.ts', '../system/cluster.ts'],
];

describe('ESLint enforces the one-way import flow', () => {
  test.each(forbidden)('%s may not import %s', async (file, source) => {
    expect(await restricted(file, source)).toEqual([expect.stringContaining('One-way flow')]);
  });

  test.each(allowed)('%s may import %s', async (file, source) => {
    expect(await restricted(file, source)).toEqual([]);
  });

  test('simulated folders keep the determinism rule beside the flow rule', async () => {
    for (const file of ['system/x.ts', 'workloads/x.ts', 'harness/x.ts']) expect(await restricted(file, 'node:fs')).toEqual([expect.stringContaining('no real I/O')]);
    expect(await restricted('harness/io/x.ts', 'node:fs')).toEqual([]);
  });
});
