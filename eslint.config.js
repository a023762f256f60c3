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
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: ['crypto', 'node:crypto', 'fs', 'node:fs', 'fs/*', 'node:fs/*', 'timers', 'node:timers', 'timers/*', 'node:timers/*', 'perf_hooks', 'node:perf_hooks'],
          message: 'Simulated code does no real I/O, reads no real time and draws no real randomness.',
        },
      ],
    },
  ],
  'no-restricted-syntax': [
    'error',
    { selector: 'NewExpression[callee.name="Date"]', message: 'Simulated code reads virtual time, never the real clock.' },
    { selector: 'AwaitExpression', message: 'Simulated handlers are synchronous state machines; they never await.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'store/**', 'coverage/**', '**/*.js', '!eslint.config.js'] },
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
);
