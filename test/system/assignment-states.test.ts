import { describe, expect, test } from 'vitest';
import { RegionStateNode, UnexpectedStateException, type RegionState } from '../../system/master/assignment/region-state-node.ts';
import { regionInfo } from '../../system/hbase/region-info.ts';

const ALL: RegionState[] = ['OFFLINE', 'OPENING', 'OPEN', 'CLOSING', 'CLOSED', 'FAILED_OPEN', 'ABNORMALLY_CLOSED'];

function nodeIn(state: RegionState): RegionStateNode {
  const n = new RegionStateNode(regionInfo('t', '', '', 1));
  n.state = state;
  return n;
}

describe('RegionStateNode transitions follow AMv2 (HBASE.md §4)', () => {
  const allowed: Record<RegionState, RegionState[]> = {
    OPENING: ALL,
    OPEN: ['OPENING', 'OPEN'],
    CLOSING: ['OPEN', 'CLOSING'],
    CLOSED: ['CLOSING', 'CLOSED'],
    ABNORMALLY_CLOSED: ALL,
    FAILED_OPEN: ALL,
    OFFLINE: ALL,
  };
  for (const to of ALL) {
    for (const from of ALL) {
      const ok = allowed[to].includes(from);
      test(`${from} → ${to} ${ok ? 'is allowed' : 'throws'}`, () => {
        const n = nodeIn(from);
        if (ok) {
          n.transitionState(to);
          expect(n.state).toBe(to);
        } else {
          expect(() => n.transitionState(to)).toThrow(UnexpectedStateException);
          expect(n.state).toBe(from);
        }
      });
    }
  }
});
