/**
 * fast-check arbitraries for conformance sequences: a small path vocabulary (so operations collide: NodeExists,
 * NotEmpty, NoChildrenForEphemerals, sequential names that later operations address), versions around the ones
 * that occur, a few sessions, watches, multi, close and — now and then — a session expiry.
 */
import fc from 'fast-check';
import type { CreateMode } from '../../../system/zookeeper/protocol.ts';
import type { MultiOp, ReadKind, ZkOp, ZkSequence } from './ops.ts';

/** A path vocabulary weighted to the shallow nodes, so that creates find their parents and watches fire. */
const NODES: [string, number][] = [
  ['a', 8], ['b', 6], ['a/b', 4], ['a/c', 2], ['b/a', 3], ['a/b/c', 1],
  ['q-0000000000', 1], ['q-0000000001', 1], ['a/q-0000000000', 1], ['a/q-0000000001', 1], ['a/q-0000000002', 1],
];
const SEQUENTIAL_PREFIXES = ['q-', 'a/q-', 'b/q-', 'a/b/q-'];

function weighted(choices: [string, number][]): fc.Arbitrary<string> {
  return fc.oneof(...choices.map(([value, weight]) => ({ arbitrary: fc.constant(value), weight })));
}

/** '' is the sequence's root: reads of it (children, cversion) see every create and delete under it. */
const anyPath = weighted([['', 5], ...NODES]);
const node = weighted(NODES);
const data = fc.constantFrom('d0', 'd1', 'd2');
const version = fc.oneof({ arbitrary: fc.constant(-1), weight: 3 }, { arbitrary: fc.integer({ min: 0, max: 2 }), weight: 2 });
const watch = fc.oneof({ arbitrary: fc.constant(true), weight: 5 }, { arbitrary: fc.constant(false), weight: 1 });
const plainMode = fc.constantFrom<CreateMode>('PERSISTENT', 'EPHEMERAL');
const sequentialMode = fc.constantFrom<CreateMode>('PERSISTENT_SEQUENTIAL', 'EPHEMERAL_SEQUENTIAL');

const createArgs = fc.oneof(
  { arbitrary: fc.record({ path: node, mode: plainMode, data }), weight: 3 },
  { arbitrary: fc.record({ path: fc.constantFrom(...SEQUENTIAL_PREFIXES), mode: sequentialMode, data }), weight: 1 },
);

const multiOp: fc.Arbitrary<MultiOp> = fc.oneof(
  createArgs.map((a) => ({ kind: 'create' as const, ...a })),
  fc.record({ kind: fc.constant('delete' as const), path: node, version }),
  fc.record({ kind: fc.constant('setData' as const), path: anyPath, data, version }),
  fc.record({ kind: fc.constant('check' as const), path: anyPath, version }),
);

function op(sessions: number): fc.Arbitrary<ZkOp> {
  const s = fc.integer({ min: 0, max: sessions - 1 });
  const read = (kind: ReadKind) => fc.record({ kind: fc.constant(kind), s, path: anyPath, watch });
  return fc.oneof(
    { arbitrary: fc.tuple(s, createArgs).map(([si, a]) => ({ kind: 'create' as const, s: si, ...a })), weight: 6 },
    { arbitrary: fc.record({ kind: fc.constant('delete' as const), s, path: node, version }), weight: 4 },
    { arbitrary: fc.record({ kind: fc.constant('setData' as const), s, path: anyPath, data, version }), weight: 4 },
    { arbitrary: read('getData'), weight: 4 },
    { arbitrary: read('exists'), weight: 4 },
    { arbitrary: read('getChildren'), weight: 4 },
    { arbitrary: fc.record({ kind: fc.constant('multi' as const), s, ops: fc.array(multiOp, { minLength: 1, maxLength: 4 }) }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant('close' as const), s }), weight: 1 },
  );
}

/** Creates that give sequences a few nodes to work on ('a' and 'b', then some children), by any session. */
const prelude = (sessions: number): fc.Arbitrary<ZkOp[]> => {
  const mode = fc.oneof({ arbitrary: fc.constant<CreateMode>('PERSISTENT'), weight: 3 }, { arbitrary: fc.constant<CreateMode>('EPHEMERAL'), weight: 1 });
  const create = (path: string) => fc.record({ kind: fc.constant('create' as const), s: fc.integer({ min: 0, max: sessions - 1 }), path: fc.constant(path), data, mode });
  return fc.subarray(['a/b', 'b/a', 'a/c']).chain((children) => fc.tuple(...['a', 'b', ...children].map(create)));
};

const body = (sessions: number): fc.Arbitrary<ZkOp[]> =>
  fc.tuple(prelude(sessions), fc.array(op(sessions), { minLength: 1, maxLength: 20, size: 'medium' })).map(([p, ops]) => [...p, ...ops]);

const plainSequence = (sessions: number): fc.Arbitrary<ZkSequence> =>
  fc.record({ sessions: fc.constant(sessions), mortal: fc.constant(null), ops: body(sessions) });

/** A sequence in which one session (short timeout) stops heart-beating somewhere and the server expires it. */
const mortalSequence = (sessions: number): fc.Arbitrary<ZkSequence> =>
  fc.tuple(fc.integer({ min: 0, max: sessions - 1 }), body(sessions), fc.nat()).map(([mortal, ops, at]) => {
    const i = at % (ops.length + 1);
    return { sessions, mortal, ops: [...ops.slice(0, i), { kind: 'expire' as const, s: mortal }, ...ops.slice(i)] };
  });

/** About one sequence in twenty has an expiry: each costs real time (the mortal session's timeout). */
export const zkSequence: fc.Arbitrary<ZkSequence> = fc
  .oneof({ arbitrary: fc.constant(1), weight: 1 }, { arbitrary: fc.integer({ min: 2, max: 3 }), weight: 3 })
  .chain((sessions) => fc.oneof({ arbitrary: plainSequence(sessions), weight: 19 }, { arbitrary: mortalSequence(sessions), weight: 1 }));
