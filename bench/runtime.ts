/** Runtime throughput: bare scheduler events, RPC round trips between processes, PRNG draws. */
import { Scheduler } from '../harness/scheduler.ts';
import { Simulation } from '../harness/simulation.ts';
import { Seeds } from '../harness/random.ts';
import { figure, medianMs, rate } from './measure.ts';

const RUNS = 5;

export function benchRuntime(): void {
  process.stdout.write('runtime (median of 5 runs, one core):\n');

  // Bare timer events: 1,000 processes' worth of timers, each rescheduling itself, so the heap stays ~1,000 deep.
  const EVENTS = 5_000_000;
  const bareMs = medianMs(RUNS, () => {
    const s = new Scheduler(1);
    let remaining = EVENTS;
    const rng = s.random('bench');
    const tick = () => {
      if (--remaining > 0) s.after(rng.int(0, 10), tick);
    };
    for (let i = 0; i < 1000; i++) s.after(i % 10, tick);
    s.runUntil(Number.MAX_SAFE_INTEGER);
  });
  figure('bare timer events', `${rate(EVENTS, bareMs)}  (${EVENTS.toLocaleString('en-US')} events in ${bareMs.toFixed(0)} ms)`);

  // RPC round trips: 20 clients each calling one of 5 echo servers in a closed loop.
  const CALLS = 500_000;
  const rpcMs = medianMs(RUNS, () => {
    const sim = new Simulation({ seed: 1 });
    sim.trace.enabled = false;
    for (let i = 0; i < 5; i++) sim.scheduler.spawn(`server-${i}`, (ctx) => sim.network.listen(ctx, 'echo', (req, reply) => reply(req.payload)));
    let remaining = CALLS;
    for (let c = 0; c < 20; c++) {
      sim.scheduler.spawn(`client-${c}`, (ctx) => {
        const loop = () => {
          if (--remaining < 0) return;
          sim.network.call(ctx, `server-${remaining % 5}`, 'echo', 'echo', remaining, 1000, loop);
        };
        loop();
      });
    }
    sim.scheduler.runUntil(Number.MAX_SAFE_INTEGER);
  });
  figure('RPC round trips (request + reply)', `${rate(CALLS, rpcMs)}  (${CALLS.toLocaleString('en-US')} calls in ${rpcMs.toFixed(0)} ms)`);

  const DRAWS = 10_000_000;
  const drawMs = medianMs(RUNS, () => {
    const stream = new Seeds(1).stream('bench');
    let sum = 0;
    for (let i = 0; i < DRAWS; i++) sum += stream.float();
    if (sum < 0) throw new Error('unreachable');
  });
  figure('PRNG draws (alea, via RandomStream.float)', rate(DRAWS, drawMs));
}
