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
  /** The focused scenario that exposes it best (runner/scenarios); `failover` must catch it too. */
  exposedBy: string;
}

export const PLANTED_BUGS: readonly PlantedBug[] = [
  {
    name: 'put-retry-reapplies',
    jira: 'HBASE.md §7 (nonces cover Increment, Append and checkAndMutate, not Put)',
    description: 'HBase\'s own behaviour: a Put carries no nonce, so a put whose acknowledgement was lost is applied again by the client\'s retry — possibly after a later write, which it then overwrites. faultline\'s correct model de-duplicates a retried put by its nonce.',
    caughtBy: 'linearizability',
    exposedBy: 'lost-ack',
  },
  {
    name: 'zombie-reads',
    jira: 'HBASE.md §0 (HBase fences a zombie RegionServer\'s writes through HDFS, not its reads)',
    description: 'A RegionServer keeps serving reads from memory after its ZooKeeper session expired, until it learns it is dead: once its regions reopened elsewhere and took new writes, it answers stale reads.',
    caughtBy: 'linearizability',
    exposedBy: 'zombie',
  },
  {
    name: 'assign-before-log-split',
    jira: 'HBASE-5179 / HBASE-13895',
    description: 'The ServerCrashProcedure reassigns the dead server\'s regions before splitting its WALs: a region opens without its recovered edits, so acknowledged writes are lost (and may reappear later).',
    caughtBy: 'linearizability',
    exposedBy: 'rs-death',
  },
  {
    name: 'close-to-dead-server-completes',
    jira: 'HBASE-13895',
    description: 'A close sent to a RegionServer that died is taken as done: the region is marked closed and reopened elsewhere before the ServerCrashProcedure has split the dead server\'s WALs, so its acknowledged writes are lost.',
    caughtBy: 'linearizability',
    exposedBy: 'rs-death',
  },
  {
    name: 'split-without-lease-recovery',
    jira: 'HBASE-2312',
    description: 'WAL splitting reads the dead server\'s WALs without recovering their leases first: a zombie RegionServer (paused, not dead) can still sync and acknowledge writes that no split will ever see.',
    caughtBy: 'linearizability',
    exposedBy: 'zombie',
  },
  {
    name: 'dispatch-gives-up-on-timeout',
    jira: 'HBASE-6299',
    description: 'The master treats a timed-out openRegion call as failed and opens the region elsewhere, although the first server did receive it and opens the region too: the region is open on two servers.',
    caughtBy: 'assignment',
    exposedBy: 'partition',
  },
  {
    name: 'zombie-rolls-into-listed-wal-dir',
    jira: 'HBASE-2312',
    description: 'The master lists a dead server\'s WAL directory and splits the files it saw without first renaming the directory to -splitting, and the RegionServer creates WAL files with their parent directories: a zombie whose sync fails on a recovered lease rolls to a new WAL the split never reads, acknowledges writes there, and they are lost when the region reopens elsewhere.',
    caughtBy: 'linearizability',
    exposedBy: 'zombie',
  },
];

export function isKnownBug(name: string): boolean {
  return PLANTED_BUGS.some((b) => b.name === name);
}
