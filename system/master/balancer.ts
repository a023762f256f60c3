/**
 * The balancer as HBase runs it (HMaster.balance, BalancerChore): a chore every `hbase.balancer.period`, and the
 * admin's balance call, both through the same guards —
 *
 *   - not initialised (skipRegionManagementAction) → not run;
 *   - any region in transition (hasRegionsInTransition; the chore never sets ignoreRegionsInTransition) → not run;
 *   - any dead server still being processed (ServerManager.areDeadServersInProgress) → not run;
 *
 * then executeRegionPlansWithThrottling: the plans are spread over `hbase.balancer.max.balancing` (default: the
 * period), one every max.balancing / plans, each checked against the region's current location
 * (AssignmentManager.balance) and submitted as a MOVE TransitRegionStateProcedure exactly as an admin move is
 * (createMoveRegionProcedure's preTransitCheck: the region OPEN and held by no procedure, the target able to take
 * regions); a plan that fails the check is skipped. Plans left at the cutoff are dropped.
 *
 * Simplifications: the plan is the simple one of AssignmentManager.balancePlans (from the most to the least loaded
 * server, meta never moved) instead of the StochasticLoadBalancer's; the throttle's wait on the number of regions in
 * transition is left out, because with hbase.master.balance.maxRitPercent at its default 1.0 the limit is every
 * region, which a balance run never reaches; the balancer switch (/hbase/balancer) is always on; a run that finds
 * another still executing its plans is not run (HBase's second caller would wait on the balancer's monitor and
 * then find the first run's moves in transition).
 */
import { TransitRegionStateProcedure } from './assignment/transit-region-state-procedure.ts';
import type { ActiveParts, HMaster } from './hmaster.ts';
import type { RegionPlan } from './load-balance.ts';

export type BalanceOutcome = { ran: true; plans: number } | { ran: false; reason: string };

export class Balancer {
  #executing = false;

  constructor(private readonly master: HMaster) {}

  /** BalancerChore: every period from the master's initialisation until it dies (its timers die with it). */
  startChore(): void {
    const period = this.master.config.balancerPeriodMs;
    if (period <= 0) return;
    this.master.ctx.setTimer(period, () => {
      this.balance();
      this.startChore();
    });
  }

  /** HMaster.balance: the guards, then the plans, executed with throttling. */
  balance(): BalanceOutcome {
    const outcome = this.#tryBalance();
    const server = this.master.serverName;
    if (outcome.ran) this.master.trace.emit('master.balance', { server, plans: outcome.plans });
    else this.master.trace.emit('master.balanceNotRun', { server, reason: outcome.reason });
    return outcome;
  }

  #tryBalance(): BalanceOutcome {
    const active = this.master.active;
    if (active === null || this.master.state !== 'INITIALIZED') return { ran: false, reason: 'master not initialized' };
    if (this.#executing) return { ran: false, reason: 'a balance run is executing its plans' };
    const rit = active.am.regionStates.all().filter((n) => n.procedureId !== null).length;
    if (rit > 0) return { ran: false, reason: `${rit} region(s) in transition` };
    if (active.serverManager.areDeadServersInProgress()) return { ran: false, reason: 'processing dead regionserver(s)' };
    const plans = active.am.balancePlans(active.serverManager.assignableServers());
    if (plans.length > 0) this.#executeWithThrottling(active, plans);
    return { ran: true, plans: plans.length };
  }

  /** executeRegionPlansWithThrottling: plan i goes at start + i·interval; none after the cutoff. */
  #executeWithThrottling(active: ActiveParts, plans: readonly RegionPlan[]): void {
    const { ctx, config } = this.master;
    const start = ctx.now();
    const maxBalancingMs = config.balancerPeriodMs;
    const interval = Math.floor(maxBalancingMs / plans.length);
    this.#executing = true;
    const next = (i: number): void => {
      const plan = plans[i];
      if (plan === undefined || this.master.active !== active) return void (this.#executing = false);
      this.#submitPlan(active, plan);
      if (i + 1 === plans.length) return void (this.#executing = false);
      const nextStart = start + (i + 1) * interval;
      ctx.setTimer(Math.max(0, nextStart - ctx.now()), () => {
        if (ctx.now() > start + maxBalancingMs) return void (this.#executing = false);
        next(i + 1);
      });
    };
    next(0);
  }

  /** AssignmentManager.balance → moveAsync → createMoveRegionProcedure, skipped when the plan no longer holds. */
  #submitPlan(active: ActiveParts, plan: RegionPlan): void {
    const node = active.am.regionStates.get(plan.region.encodedName);
    if (node === undefined || node.regionLocation !== plan.from) return; // source server does not match
    if (node.state !== 'OPEN' || node.procedureId !== null) return; // preTransitCheck: in transition
    if (active.am.regionStates.tableState(node.region.table) !== 'ENABLED') return; // preTransitCheck: table disabled
    if (!active.serverManager.assignableServers().includes(plan.to)) return;
    node.setProcedure(active.executor.submit(new TransitRegionStateProcedure(node.region, 'MOVE', plan.to)));
  }
}
