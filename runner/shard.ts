/**
 * `--shard K/N`: one of N machines' part of a seed range, as a CI matrix splits a sweep. Seeds are dealt round
 * robin (the i-th seed of the range goes to shard i mod N + 1), so the shards are disjoint, together cover the
 * range, differ in size by at most one, and each samples the whole range rather than one end of it.
 */
import { UsageError } from './errors.ts';

export interface Shard {
  /** 1-based, as CI matrices count. */
  index: number;
  count: number;
}

export const MAX_SHARDS = 10_000;

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (match === null) throw new UsageError(`--shard: expected K/N with whole numbers, 1 ≤ K ≤ N (e.g. 2/8), got '${text}'`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > MAX_SHARDS) throw new UsageError(`--shard: N must be from 1 to ${MAX_SHARDS}, got ${count}`);
  if (index < 1 || index > count) throw new UsageError(`--shard: K must be from 1 to N (${count}), got ${index}`);
  return { index, count };
}

export function shardSeeds<T>(seeds: readonly T[], shard: Shard): T[] {
  return seeds.filter((_, i) => i % shard.count === shard.index - 1);
}

export function shardLabel(shard: Shard | undefined): string {
  return shard === undefined ? '' : ` (shard ${shard.index}/${shard.count})`;
}
