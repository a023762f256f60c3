import { expect, test } from 'vitest';
import fc from 'fast-check';
import { EventQueue } from '../../harness/event-queue.ts';

test('the event queue pops in (time, seq) order under any interleaving of pushes and pops', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.nat({ max: 20 }), fc.constant(-1)), { maxLength: 300 }), (script) => {
      const queue = new EventQueue<{ time: number; seq: number }>();
      const reference: { time: number; seq: number }[] = [];
      let seq = 0;
      let now = 0;
      for (const step of script) {
        if (step === -1) {
          reference.sort((a, b) => a.time - b.time || a.seq - b.seq);
          const expected = reference.shift();
          const got = queue.pop();
          expect(got).toEqual(expected);
          if (got) now = got.time;
        } else {
          // Like the scheduler, never push into the past.
          const event = { time: now + step, seq: seq++ };
          queue.push(event);
          reference.push(event);
        }
        expect(queue.size).toBe(reference.length);
      }
    }),
    { numRuns: 300 },
  );
});
