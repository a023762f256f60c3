/**
 * One run's runtime, composed: scheduler (with its seeded streams), network, history and trace recorders.
 * The system under test is built on top of this and knows nothing of how the run is driven.
 */
import { HistoryRecorder } from './history.ts';
import { DEFAULT_NETWORK, Network, type NetworkOptions } from './network.ts';
import { Scheduler } from './scheduler.ts';
import { TraceRecorder } from './trace.ts';
import type { ProcessEvent } from './trace-events.ts';

export interface SimulationOptions {
  seed: number;
  network?: NetworkOptions;
}

export class Simulation {
  readonly scheduler: Scheduler;
  readonly network: Network;
  readonly history: HistoryRecorder;
  readonly trace: TraceRecorder;

  constructor(options: SimulationOptions) {
    this.scheduler = new Scheduler(options.seed);
    const clock = () => this.scheduler.now;
    this.network = new Network(this.scheduler, this.scheduler.random('network'), options.network ?? DEFAULT_NETWORK);
    this.history = new HistoryRecorder(clock);
    this.trace = new TraceRecorder(clock);
    // Process lifecycle is part of every trace: reports draw it, checkers reason about crashed servers.
    const lifecycle = this.trace.tracer<ProcessEvent>();
    this.scheduler.onLifecycle((e) => lifecycle.emit(`process.${e.kind}`, { process: e.id, incarnation: e.incarnation }));
  }

  get seed(): number {
    return this.scheduler.seeds.root;
  }
}
