/**
 * Planted bugs: named, documented defects modelled on real HBase bugs, off by default. Each exists to prove
 * that a checker catches what it is for (DESIGN.md §2): a correct build passes every seed, and each planted
 * bug is caught within a bounded number of seeds.
 */
export interface PlantedBug {
  name: string;
  /** The real HBase issue it models. */
  jira: string;
  description: string;
  /** Which checker should catch it. */
  caughtBy: 'linearizability' | 'assignment';
}

export const PLANTED_BUGS: readonly PlantedBug[] = [
  {
    name: 'zombie-reads',
    jira: 'HBASE.md §0 (no read fencing on a zombie RegionServer)',
    description: 'A RegionServer keeps serving reads from memory after its ZooKeeper session expired, as real HBase does, until it learns it is dead: a stale read after its regions reopened elsewhere.',
    caughtBy: 'linearizability',
  },
];

export function isKnownBug(name: string): boolean {
  return PLANTED_BUGS.some((b) => b.name === name);
}
