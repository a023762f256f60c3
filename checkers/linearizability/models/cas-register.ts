/**
 * A register with compare-and-set (DESIGN.md §4). `cas [old, new]` that is `ok` swapped; one that `fail`s
 * with `"error":"mismatch"` ran and found another value, so it observes that the register did not hold
 * `old`; any other `fail` had no effect and says nothing.
 */
import { MISMATCH } from '../../history/operations.ts';
import { hashScalar, isScalar, show, type Model, type Operation, type Role, type Scalar } from '../model.ts';
import { describeReadWrite, readWriteRole, seenByRead, stepReadWrite, validateReadWrite } from './register.ts';

const functions = ['read', 'write', 'cas'];

export const casRegister: Model<Scalar> = {
  name: 'cas-register',
  description: 'register with read, write and compare-and-set; a cas failing with "mismatch" observes the value',
  functions,
  init: () => null,
  validate(op) {
    if (op.f !== 'cas') return validateReadWrite(op, 'cas-register', functions);
    return casPair(op.input) === undefined ? `cas needs [old, new] of scalars, got ${show(op.input)}` : undefined;
  },
  role(op): Role {
    if (op.f !== 'cas') return readWriteRole(op);
    if (op.outcome === 'fail') return op.error === MISMATCH ? 'observe' : 'ignore';
    return 'update';
  },
  step(state, op) {
    if (op.f !== 'cas') return stepReadWrite(state, op);
    const [expected, next] = validCas(op);
    if (op.outcome === 'ok') return state === expected ? next : undefined;
    if (op.outcome === 'fail') return state === expected ? undefined : state;
    return state === expected ? next : state;
  },
  seen: seenByRead,
  reachable(from, to, updates) {
    if (from === to) return true;
    // A loop rather than updates.some(…): the search asks once per configuration, and the callback closing over
    // `to` was an allocation each time.
    for (const u of updates) if ((u.f === 'write' ? u.input : u.f === 'cas' ? validCas(u)[1] : undefined) === to) return true;
    return false;
  },
  hash: hashScalar,
  equal: (a, b) => a === b,
  describeState: (state) => state,
  describeOperation(op) {
    if (op.f !== 'cas') return describeReadWrite(op);
    const [expected, next] = casPair(op.input) ?? [undefined, undefined];
    const result = op.outcome === 'ok' ? '' : op.outcome === 'fail' ? ` → ${op.error ?? 'fail'}` : ' → info';
    return `cas(${show(expected)}, ${show(next)})${result}`;
  },
};

/**
 * The [old, new] of a cas the model has validated, as it is: step and reachable run once per transition and per
 * configuration, and rebuilding the pair there (as casPair does) was an allocation each time.
 */
function validCas(op: Operation): readonly [Scalar, Scalar] {
  return op.input as [Scalar, Scalar];
}

function casPair(value: unknown): [Scalar, Scalar] | undefined {
  if (!Array.isArray(value) || value.length !== 2 || !isScalar(value[0]) || !isScalar(value[1])) return undefined;
  return [value[0], value[1]];
}
