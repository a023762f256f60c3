import { describe, expect, test } from 'vitest';
import { systematicVerdict, worstExit } from '../../runner/commands/systematic.ts';
import type { CrashPointResult } from '../../runner/systematic.ts';

const point = (k: number, over: Partial<CrashPointResult> = {}): CrashPointResult => ({ mode: 'after', crashPoint: k, fired: true, valid: true, failing: [], finished: true, wrongEndState: null, files: {}, ...over });

describe('faultline systematic: the verdict over the crash points', () => {
  test('no crash point fired: nothing was tested, so it fails (exit 1) and says so', () => {
    const verdict = systematicVerdict('CreateTableProcedure', 7, [point(1, { fired: false }), point(2, { fired: false })]);
    expect(verdict.exit).toBe(1);
    expect(verdict.line).toBe('CreateTableProcedure pid=7: no crash point fired (of 2 tried): nothing was tested');
  });

  test('every fired point recovered: valid (0); one that did not finish: a violation (1); one undecided: unknown (3)', () => {
    expect(systematicVerdict('P', 1, [point(1), point(2), point(3, { fired: false })])).toMatchObject({ exit: 0, crashPoints: 2, recovered: 2 });
    expect(systematicVerdict('P', 1, [point(1), point(2, { finished: false })]).exit).toBe(1);
    expect(systematicVerdict('P', 1, [point(1), point(2, { valid: 'unknown', failing: ['linearizability'] })]).exit).toBe(3);
  });

  test('over both modes, a violation in either is a violation, else an unknown is unknown', () => {
    expect(worstExit([0, 1])).toBe(1);
    expect(worstExit([3, 0])).toBe(3);
    expect(worstExit([3, 1])).toBe(1);
    expect(worstExit([0, 0])).toBe(0);
  });
});
