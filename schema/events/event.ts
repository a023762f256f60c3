/**
 * How the vocabulary is written: an event of type `T` with fields `F` (type literals, so any record fits them).
 * `cluster` names the HBase cluster that emitted it when several share one run (one ZooKeeper ensemble and one
 * HDFS, each under its own zookeeper.znode.parent and hbase.rootdir); it is absent for a run of one cluster and
 * for the shared services.
 */
export type TraceEventOf<T extends string, F extends object = object> = { time: number; type: T; cluster?: string } & F;
