import { expect, test } from 'vitest';
import fc from 'fast-check';
import { EventQueue } from '../../harness/event-queue.ts';

/**
 * Replays a script against the queue and a sorted reference: a step ≥ 0 pushes an event that many ms after the
 * last popped time (the scheduler never pushes into the past), -1 pops. At the end both are drained.
 */
function matchesReference(script: readonly number[]): void {
  const queue = new EventQueue<{ time: number; seq: number }>();
  const reference: { time: number; seq: number }[] = [];
  const byTimeThenSeq = (a: { time: number; seq: number }, b: { time: number; seq: number }) => a.time - b.time || a.seq - b.seq;
  let seq = 0;
  let now = 0;
  for (const step of script) {
    if (step === -1) {
      reference.sort(byTimeThenSeq);
      const expected = reference.shift();
      const got = queue.pop();
      expect(got).toEqual(expected);
      if (got) now = got.time;
    } else {
      const event = { time: now + step, seq: seq++ };
      queue.push(event);
      reference.push(event);
    }
    expect(queue.size).toBe(reference.length);
  }
  reference.sort(byTimeThenSeq);
  for (const expected of reference) expect(queue.pop()).toEqual(expected);
  expect(queue.pop()).toBeUndefined();
}

test('the event queue pops in (time, seq) order under any interleaving of pushes and pops', () => {
  fc.assert(fc.property(fc.array(fc.oneof(fc.nat({ max: 20 }), fc.constant(-1)), { maxLength: 300 }), matchesReference), { numRuns: 300 });
});

test('the event queue keeps (time, seq) order when pending times share a bucket slot (times 4096 ms apart)', () => {
  fc.assert(fc.property(fc.array(fc.oneof(fc.nat({ max: 3 }), fc.constantFrom(4096, 8192, 4097, 3 * 4096), fc.constant(-1)), { maxLength: 300 }), matchesReference), { numRuns: 500 });
});
