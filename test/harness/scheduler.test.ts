import { describe, expect, test } from 'vitest';
import { Scheduler, type ProcessContext } from '../../harness/scheduler.ts';

describe('harness/scheduler', () => {
  test('events run in (time, scheduling order)', () => {
    const s = new Scheduler(1);
    const log: string[] = [];
    s.after(10, () => log.push('b'));
    s.after(5, () => log.push('a'));
    s.after(10, () => log.push('c'));
    s.after(0, () => s.after(10, () => log.push('d')));
    s.runUntil(100);
    expect(log).toEqual(['a', 'b', 'c', 'd']);
    expect(s.now).toBe(100);
  });

  test('runUntil never runs an event past its bound, even right after skipping a cancelled one', () => {
    const s = new Scheduler(1);
    const ran: number[] = [];
    s.after(10, () => ran.push(10)).cancel();
    s.after(100, () => ran.push(100));
    s.runUntil(50);
    expect({ ran, now: s.now }).toEqual({ ran: [], now: 50 });
    s.runUntil(100);
    expect(ran).toEqual([100]);
  });

  test('runUntil stops at the bound and resumes later', () => {
    const s = new Scheduler(1);
    const log: number[] = [];
    for (const t of [5, 10, 15]) s.after(t, () => log.push(s.now));
    s.runUntil(10);
    expect(log).toEqual([5, 10]);
    s.runUntil(20);
    expect(log).toEqual([5, 10, 15]);
  });

  test('a cancelled timer never fires', () => {
    const s = new Scheduler(1);
    let fired = false;
    s.after(5, () => (fired = true)).cancel();
    s.runUntil(10);
    expect(fired).toBe(false);
  });

  test('a crash drops the old incarnation’s timers; a restart boots a new incarnation', () => {
    const s = new Scheduler(1);
    const fired: string[] = [];
    const boots: number[] = [];
    s.spawn('p', (ctx) => {
      boots.push(ctx.incarnation);
      ctx.setTimer(10, () => fired.push(`inc${ctx.incarnation}@${s.now}`));
    });
    s.runUntil(5);
    s.crash('p');
    expect(s.info('p').status).toBe('crashed');
    s.runUntil(20);
    expect(fired).toEqual([]);
    s.restart('p');
    s.runUntil(40);
    expect(boots).toEqual([0, 1]);
    expect(fired).toEqual(['inc1@30']);
  });

  test('an old context is no longer current after a crash and cannot set live timers', () => {
    const s = new Scheduler(1);
    let old: ProcessContext | undefined;
    s.spawn('p', (ctx) => (old ??= ctx));
    s.crash('p');
    s.restart('p');
    expect(old!.isCurrent()).toBe(false);
    let fired = false;
    old!.setTimer(1, () => (fired = true));
    s.runUntil(10);
    expect(fired).toBe(false);
  });

  test('a paused process handles its backlog late, in order, after resume', () => {
    const s = new Scheduler(1);
    const log: string[] = [];
    s.spawn('p', (ctx) => {
      ctx.setTimer(10, () => log.push(`t1@${s.now}`));
      ctx.setTimer(20, () => log.push(`t2@${s.now}`));
    });
    s.after(5, () => s.pause('p'));
    s.after(50, () => s.resume('p'));
    s.after(50, () => log.push(`other@${s.now}`));
    s.runUntil(100);
    // The backlog is re-queued at resume time, behind events already due at that instant.
    expect(log).toEqual(['other@50', 't1@50', 't2@50']);
  });

  test('a crash while paused drops the backlog', () => {
    const s = new Scheduler(1);
    const log: string[] = [];
    s.spawn('p', (ctx) => ctx.setTimer(10, () => log.push('t')));
    s.pause('p');
    s.runUntil(20);
    s.crash('p');
    s.runUntil(30);
    expect(log).toEqual([]);
  });

  test('clock skew shifts only the skewed process’s clock', () => {
    const s = new Scheduler(1);
    const a = s.spawn('a', () => {});
    const b = s.spawn('b', () => {});
    s.setSkew('b', 250);
    s.runUntil(1000);
    expect(a.now()).toBe(1000);
    expect(b.now()).toBe(1250);
  });

  test('bad delays are rejected', () => {
    const s = new Scheduler(1);
    expect(() => s.after(-1, () => {})).toThrow(RangeError);
    expect(() => s.after(1.5, () => {})).toThrow(RangeError);
  });
});

test('a process that exits itself is down like a crashed one and can be restarted', () => {
  const s = new Scheduler(1);
  const kinds: string[] = [];
  s.onLifecycle((e) => kinds.push(e.kind));
  let fired = false;
  const ctx = s.spawn('p', (c) => c.setTimer(10, () => (fired = true)));
  s.after(5, () => ctx.exit());
  s.runUntil(20);
  expect(fired).toBe(false);
  expect(s.info('p').status).toBe('crashed');
  ctx.exit(); // a stale context cannot take the new incarnation down
  s.restart('p');
  ctx.exit();
  expect(s.info('p').status).toBe('running');
  expect(kinds).toEqual(['spawn', 'exit', 'restart']);
});

test('ProcessTerminated unwinds the rest of a handler and the run goes on; other exceptions stop it', async () => {
  const { ProcessTerminated } = await import('../../harness/scheduler.ts');
  const s = new Scheduler(1);
  const log: string[] = [];
  const ctx = s.spawn('p', () => {});
  s.after(1, () => {
    log.push('before');
    s.crash('p');
    if (!ctx.isCurrent()) throw new ProcessTerminated('p');
    log.push('after');
  });
  s.after(2, () => log.push('next event'));
  s.runUntil(10);
  expect(log).toEqual(['before', 'next event']);
  s.after(1, () => {
    throw new Error('a bug');
  });
  expect(() => s.runUntil(20)).toThrow('a bug');
});

describe('fixed-delay lanes (deliverAfterFixedDelay): the same events as deliverTo, outside the queue', () => {
  /** Both ways of scheduling the same script; the log must come out the same. */
  function script(useLanes: boolean): string[] {
    const s = new Scheduler(1);
    const log: string[] = [];
    const ctx = s.spawn('p', () => {});
    const p = s.info('p');
    const later = (delay: number, name: string) =>
      useLanes ? s.deliverAfterFixedDelay(p, ctx.incarnation, delay, (n: string) => log.push(`${n}@${s.now}`), name) : s.deliverTo(p, ctx.incarnation, delay, (n: string) => log.push(`${n}@${s.now}`), name);
    // Two lanes (delays 10 and 15) and the queue, with ties at the same millisecond broken by scheduling order.
    later(10, 'a');
    ctx.setTimer(10, () => log.push(`q1@${s.now}`));
    later(15, 'b');
    s.after(5, () => {
      later(10, 'c'); // due at 15, like b, but scheduled after it
      later(10, 'd').cancel();
      ctx.setTimer(10, () => log.push(`q2@${s.now}`));
    });
    s.after(12, () => s.pause('p'));
    s.after(30, () => s.resume('p'));
    s.after(40, () => {
      later(10, 'e');
      s.crash('p');
    });
    s.runUntil(100);
    return log;
  }

  test('they run in (time, scheduling order) with the queue’s events, skip when cancelled, wait out a pause and die with their incarnation', () => {
    expect(script(true)).toEqual(['a@10', 'q1@10', 'b@30', 'c@30', 'q2@30']);
    expect(script(true)).toEqual(script(false));
  });

  test('a cancelled lane event at the head does not let runUntil pass its bound', () => {
    const s = new Scheduler(1);
    const ctx = s.spawn('p', () => {});
    const ran: string[] = [];
    s.deliverAfterFixedDelay(s.info('p'), ctx.incarnation, 10, () => ran.push('cancelled'), null).cancel();
    s.deliverAfterFixedDelay(s.info('p'), ctx.incarnation, 10, () => ran.push('due'), null);
    s.after(60, () => ran.push('late'));
    s.runUntil(50);
    expect({ ran, now: s.now, pending: s.pendingEvents }).toEqual({ ran: ['due'], now: 50, pending: 1 });
  });
});
