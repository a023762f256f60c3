/**
 * Evidence of a violation as plain JSON, for people and for the HTML report: which operations could not be
 * linearized, after the longest linearizable prefix the search found, with the model state after each step.
 */
import type { Model, Operation } from './model.ts';
import type { Step, Stuck } from './search.ts';
import type { StateSpace } from './states.ts';

/** Enough of an operation to find it in the history and draw it on a timeline. */
export interface OperationRef {
  process: number;
  key: string;
  f: string;
  value: unknown;
  output?: unknown;
  type: Operation['outcome'];
  error?: string;
  invoke: { index: number; time: number };
  complete?: { index: number; time: number };
  line?: number;
  description: string;
}

export interface Evidence {
  initialState: unknown;
  /** The linearization that got furthest; long ones keep their last steps only. */
  longestPrefix: { length: number; omitted: number; steps: { op: OperationRef; state: unknown }[] };
  stateAfterPrefix: unknown;
  /**
   * Each could be next after the prefix, and none can take effect in that state returning what it returned;
   * or one observation that nothing left to linearize before it can make true.
   */
  cannotLinearize: OperationRef[];
  /** The same, in words. */
  explanation: string;
}

/** Enough steps to see how the state got where it is, without a history's worth of JSON. */
export const PREFIX_STEPS_KEPT = 200;

export function operationRef<S>(model: Model<S>, op: Operation): OperationRef {
  return {
    process: op.process,
    key: op.key,
    f: op.f,
    value: op.input ?? null,
    ...(op.outcome === 'info' ? {} : { output: op.output ?? null }),
    type: op.outcome,
    ...(op.error === undefined ? {} : { error: op.error }),
    invoke: { index: op.invoke.index, time: op.invoke.time },
    ...(op.complete === undefined ? {} : { complete: { index: op.complete.index, time: op.complete.time } }),
    ...(op.line === undefined ? {} : { line: op.line }),
    description: model.describeOperation(op),
  };
}

export function violationEvidence<S>(space: StateSpace<S>, ops: readonly Operation[], longest: readonly Step[], stuck: Stuck): Evidence {
  const model = space.model;
  const describe = (id: number): unknown => model.describeState(space.states[id] as S);
  const kept = longest.slice(Math.max(0, longest.length - PREFIX_STEPS_KEPT));
  const last = longest[longest.length - 1];
  return {
    initialState: describe(0),
    longestPrefix: {
      length: longest.length,
      omitted: longest.length - kept.length,
      steps: kept.map((step) => ({ op: operationRef(model, ops[step.op] as Operation), state: describe(step.state) })),
    },
    stateAfterPrefix: describe(last === undefined ? 0 : last.state),
    cannotLinearize: stuck.ops.map((i) => operationRef(model, ops[i] as Operation)),
    explanation: stuck.unexplained
      ? `${model.describeOperation(ops[stuck.ops[0] as number] as Operation)} cannot see its value: the state is ${JSON.stringify(describe(last === undefined ? 0 : last.state))} and no update that may still precede it produces that value`
      : `in state ${JSON.stringify(describe(last === undefined ? 0 : last.state))}, none of ${stuck.ops.map((i) => model.describeOperation(ops[i] as Operation)).join('; ')} can take effect`,
  };
}
