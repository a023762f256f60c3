// Lint: TypeScript's recommended rules everywhere, plus the determinism rule for simulated code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Simulated code may not read real time, real randomness or real timers: a run must replay from its seed. */
const determinism = {
  'no-restricted-globals': [
    'error',
    { name: 'Date', message: 'Simulated code reads virtual time (ctx.now / scheduler.now), never the real clock.' },
    { name: 'setTimeout', message: 'Use ctx.setTimer: real timers break determinism.' },
    { name: 'setInterval', message: 'Use ctx.setTimer: real timers break determinism.' },
    { name: 'setImmediate', message: 'Use ctx.setTimer: real timers break determinism.' },
    { name: 'queueMicrotask', message: 'Handlers are synchronous; use ctx.setTimer(0, ...).' },
    { name: 'performance', message: 'Simulated code reads virtual time, never the real clock.' },
    { name: 'crypto', message: 'Randomness comes from harness/random streams only.' },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Randomness comes from a named seeded stream (harness/random).' },
    { object: 'process', property: 'hrtime', message: 'Simulated code reads virtual time, never the real clock.' },
    { object: 'Date', property: 'now', message: 'Simulated code reads virtual time, never the real clock.' },
  ],
  'no-restricted-syntax': [
    'error',
    { selector: 'NewExpression[callee.name="Date"]', message: 'Simulated code reads virtual time, never the real clock.' },
    { selector: 'AwaitExpression', message: 'Simulated handlers are synchronous state machines; they never await.' },
  ],
};

/** The determinism rule's import patterns: no real I/O, time or randomness in simulated code. */
const realWorld = {
  group: ['crypto', 'node:crypto', 'fs', 'node:fs', 'fs/*', 'node:fs/*', 'timers', 'node:timers', 'timers/*', 'node:timers/*', 'perf_hooks', 'node:perf_hooks'],
  message: 'Simulated code does no real I/O, reads no real time and draws no real randomness.',
};

/**
 * The one-way flow (DESIGN.md, README's Layout): what each folder must never import. A relative import that climbs
 * out of the folder into one of these is an error. harness/ is the ground floor; schema/ (the run files' contract)
 * stands on it alone; the system never reaches up to what judges or drives it; checkers and reports read run files,
 * never the system that wrote them.
 */
const FLOW = {
  harness: { never: ['schema', 'system', 'workloads', 'checkers', 'reports', 'runner', 'test', 'bench'], why: 'harness/ imports nothing of ours' },
  schema: { never: ['system', 'workloads', 'checkers', 'reports', 'runner', 'test', 'bench'], why: 'schema/ imports only harness/' },
  system: { never: ['workloads', 'checkers', 'reports', 'runner', 'test', 'bench'], why: 'the system never imports a workload, a checker, a report or the runner' },
  workloads: { never: ['checkers', 'reports', 'runner', 'test', 'bench'], why: 'workloads never import a checker, a report or the runner' },
  checkers: { never: ['system', 'workloads', 'reports', 'runner', 'test', 'bench'], why: 'checkers read histories and traces, never the system, a workload, a report or the runner' },
  reports: { never: ['system', 'workloads', 'runner', 'test', 'bench'], why: 'reports read run files, never the system, a workload or the runner' },
};

/** `no-restricted-imports` for one folder: its flow pattern, plus the determinism patterns if it is simulated. */
function importRules(folder, simulated) {
  const { never, why } = FLOW[folder];
  const flow = { regex: `^(\\.\\./)+(${never.join('|')})(/|$)`, message: `One-way flow: ${why} (DESIGN.md).` };
  return { 'no-restricted-imports': ['error', { patterns: simulated ? [realWorld, flow] : [flow] }] };
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'store/**', 'coverage/**', 'dist/**', '**/*.js', '!eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The simulated world: system, workloads and the simulated runtime. harness/io is the real-I/O edge.
    files: ['system/**/*.ts', 'workloads/**/*.ts', 'harness/**/*.ts'],
    ignores: ['harness/io/**'],
    rules: determinism,
  },
  // One object per folder: a later object's no-restricted-imports replaces an earlier one's for the same file, so
  // each carries every pattern that applies to its files.
  { files: ['harness/**/*.ts'], ignores: ['harness/io/**'], rules: importRules('harness', true) },
  { files: ['harness/io/**/*.ts'], rules: importRules('harness', false) },
  { files: ['schema/**/*.ts'], rules: importRules('schema', false) },
  { files: ['system/**/*.ts'], rules: importRules('system', true) },
  { files: ['workloads/**/*.ts'], rules: importRules('workloads', true) },
  { files: ['checkers/**/*.ts'], rules: importRules('checkers', false) },
  { files: ['reports/**/*.ts'], rules: importRules('reports', false) },
  // zx scripts (scripts/*.mjs): plain Node ES modules.
  { files: ['scripts/**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
);
