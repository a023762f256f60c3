/**
 * The ZooKeeper era's master failpoints. Each step passes its own failpoint, `master.zk.<step>`, and then
 * `master.zk.step`, the one `faultline systematic --assignment zk` walks (the k-th pass matching a table, a
 * region or a server), naming the step and what it concerns — the ZooKeeper era's counterpart of crashing the
 * master after each persisted procedure step.
 */
import type { HMaster } from '../hmaster.ts';

export interface StepDetail {
  table?: string;
  region?: string;
  server?: string;
  [key: string]: unknown;
}

export function zkStep(master: HMaster, step: string, detail: StepDetail): void {
  master.failpoint(`master.zk.${step}`, detail);
  master.failpoint('master.zk.step', { step, ...detail });
}
