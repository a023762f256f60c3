/**
 * Speed work must not change what a run does. test/fixtures/digests/ holds the SHA-256 of history + trace of
 * `failover` seeds 1–500 (procedure era) and 1–100 (ZooKeeper era) as computed by the commit named in the file's
 * name; this test recomputes them from the sources and wants every one byte-identical.
 *
 * A digest may change only in a commit that changes behaviour on purpose and says so — a model fix, a new fault,
 * a new trace event. That commit regenerates the list from itself, in one line:
 *   npm run bench -- digests --record --rev <that commit>   (bench/digests.ts; commit the new fixture with it)
 * A speed-only commit that needs this is not speed-only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DIGEST_RUNS, FIXTURE_DIR, computeDigests, type DigestFixture, type DigestLibrary } from '../../bench/digests.ts';
import * as library from '../../runner/library.ts';

const files = readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.json'));

describe('history and trace digests of failover seeds match the recorded list', () => {
  test('exactly one recorded list', () => {
    expect(files).toHaveLength(1);
  });

  const fixture = JSON.parse(readFileSync(join(FIXTURE_DIR, files[0] as string), 'utf8')) as DigestFixture;
  for (const { era, count } of DIGEST_RUNS) {
    test(`${era} era, seeds 1–${count}, as recorded by ${fixture.commit}`, () => {
      const recorded = fixture.digests[era] ?? [];
      expect(recorded).toHaveLength(count);
      const now = computeDigests(library as unknown as DigestLibrary, era, count);
      const differing = now.map((d, i) => (d === recorded[i] ? null : i + 1)).filter((s) => s !== null);
      expect(differing, `seeds whose history or trace changed since ${fixture.commit} (see this file's header)`).toEqual([]);
    }, 900_000);
  }
});
