/**
 * A read/write register: `read` returns what the register holds (null when empty), `write` replaces it.
 * Histories with compare-and-set need `cas-register`.
 */
import { hashScalar, isScalar, show, type Model, type Operation, type Role, type Scalar } from '../model.ts';

export const register: Model<Scalar> = {
  name: 'register',
  description: 'read/write register; null is the empty register',
  functions: ['read', 'write'],
  init: () => null,
  validate: (op) => validateReadWrite(op, 'register', ['read', 'write']),
  role: readWriteRole,
  step: stepReadWrite,
  seen: seenByRead,
  reachable: (from, to, updates) => from === to || updates.some((u) => u.f === 'write' && u.input === to),
  overwrites: (op) => op.f === 'write',
  hash: hashScalar,
  equal: (a, b) => a === b,
  describeState: (state) => state,
  describeOperation: describeReadWrite,
};

export function validateReadWrite(op: Operation, model: string, functions: readonly string[]): string | undefined {
  if (!functions.includes(op.f)) return `${model} model has no operation '${op.f}' (it knows ${functions.join(', ')})`;
  if (op.f === 'write' && !isScalar(op.input)) return `write needs a scalar value, got ${show(op.input)}`;
  if (op.f === 'read' && op.outcome === 'ok' && !isScalar(op.output)) return `a read returns a scalar or null, got ${show(op.output)}`;
  return undefined;
}

export function readWriteRole(op: Operation): Role {
  if (op.f === 'read') return op.outcome === 'ok' ? 'observe' : 'ignore';
  return op.outcome === 'fail' ? 'ignore' : 'update';
}

export function stepReadWrite(state: Scalar, op: Operation): Scalar | undefined {
  if (op.f === 'read') return op.output === state ? state : undefined;
  return op.input as Scalar;
}

export function seenByRead(op: Operation): Scalar | undefined {
  return op.f === 'read' && op.outcome === 'ok' ? (op.output as Scalar) : undefined;
}

export function describeReadWrite(op: Operation): string {
  if (op.f === 'read') return `read → ${op.outcome === 'ok' ? show(op.output) : op.outcome}`;
  return `write(${show(op.input)})${op.outcome === 'ok' ? '' : ` → ${op.outcome}`}`;
}
