/**
 * A toy system on the bare runtime, for the runtime's own tests and benchmarks: one register server whose
 * value is "durable" (survives its crashes), clients doing read/write/cas by RPC, and a nemesis drawing
 * crashes, pauses, partitions and skews from its own seeded stream. It exercises every runtime feature
 * without any HBase.
 */
import { Simulation } from '../../harness/simulation.ts';
import type { TraceRecord } from '../../harness/trace.ts';
import type { ProcessContext } from '../../harness/scheduler.ts';

export interface ToyOptions {
  seed: number;
  clients?: number;
  durationMs?: number;
  nemesis?: boolean;
}

/** Runs the toy on `sim` (a fresh Simulation of `options.seed` by default) and returns it. */
export function runToyRegister(options: ToyOptions, sim: Simulation = new Simulation({ seed: options.seed })): Simulation {
  const { clients = 4, durationMs = 5_000, nemesis = true } = options;
  const { scheduler, network, history } = sim;
  const trace = sim.trace.tracer<TraceRecord>();
  const disk = { value: null as number | null };

  scheduler.spawn('server', (ctx) => {
    trace.emit('toy.server.boot', { incarnation: ctx.incarnation, value: disk.value });
    network.listen(ctx, 'register', (req, reply) => {
      const p = req.payload as { f: string; value: unknown };
      if (p.f === 'read') reply({ ok: true, value: disk.value });
      else if (p.f === 'write') {
        disk.value = p.value as number;
        reply({ ok: true, value: p.value });
      } else {
        const [from, to] = p.value as [number, number];
        if (disk.value === from) {
          disk.value = to;
          reply({ ok: true, value: p.value });
        } else reply({ ok: false, value: p.value });
      }
    });
  });

  let nextProcess = 0;
  for (let c = 0; c < clients; c++) {
    scheduler.spawn(`client-${c}`, (ctx) => clientLoop(ctx, nextProcess++));
  }

  function clientLoop(ctx: ProcessContext, firstProcess: number): void {
    const rng = ctx.random('ops');
    let process = firstProcess;
    const issue = () => {
      if (scheduler.now >= durationMs) return;
      const roll = rng.int(0, 2);
      const f = roll === 0 ? 'read' : roll === 1 ? 'write' : 'cas';
      const value = f === 'read' ? null : f === 'write' ? rng.int(0, 4) : [rng.int(0, 4), rng.int(0, 4)];
      history.invoke(process, f, 'x', value);
      network.call<{ ok: boolean; value: unknown }>(ctx, 'server', 'register', f, { f, value }, 50, (r) => {
        if (!r.ok) {
          history.info(process, value, 'timeout');
          process = nextProcess++;
        } else if (r.value.ok) history.ok(process, r.value.value);
        else history.fail(process, value, 'mismatch');
        ctx.setTimer(rng.int(0, 10), issue);
      });
    };
    ctx.setTimer(rng.int(0, 10), issue);
  }

  if (nemesis) {
    const rng = scheduler.random('nemesis');
    const strike = () => {
      if (scheduler.now >= durationMs) return;
      const victim = rng.pick(['server', 'client-0']);
      const kind = rng.pick(['crash', 'pause', 'partition', 'skew']);
      trace.emit('toy.fault', { kind, victim });
      if (kind === 'crash') {
        scheduler.crash(victim);
        scheduler.after(rng.int(10, 200), () => scheduler.restart(victim));
      } else if (kind === 'pause') {
        scheduler.pause(victim);
        scheduler.after(rng.int(10, 200), () => scheduler.resume(victim));
      } else if (kind === 'partition') {
        network.partition([[victim], scheduler.processes().map((p) => p.id).filter((id) => id !== victim)]);
        scheduler.after(rng.int(10, 200), () => network.heal());
      } else scheduler.setSkew(victim, rng.int(-500, 500));
      scheduler.after(rng.int(100, 600), strike);
    };
    scheduler.after(rng.int(100, 600), strike);
  }

  scheduler.runUntil(durationMs + 1_000);
  return sim;
}
