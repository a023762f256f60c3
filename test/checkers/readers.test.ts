import { describe, expect, test } from 'vitest';
import { HistoryInputError, inferFormat, Keyword, readEdn, readEdnItems, readHistory, toOperations } from '../../checkers/index.ts';

function lineOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof HistoryInputError) return error.line;
    throw error;
  }
  throw new Error('expected a HistoryInputError');
}

describe('EDN', () => {
  test('scalars, collections, keywords, strings with escapes, comments, commas and discards', () => {
    const value = readEdn('{:a [1 -2 3.5 1/2 12345678901234567890N nil true "x\\"y\\n\\u0041"] :b #{:k} ; comment\n :c (\\a \\space) #_ :skipped :d :ns/kw}');
    expect(value).toBeInstanceOf(Map);
    const map = value as Map<string, unknown>;
    expect(map.get(':a')).toEqual([1, -2, 3.5, 0.5, '12345678901234567890', null, true, 'x"y\nA']);
    expect(map.get(':b')).toEqual([new Keyword('k')]);
    expect(map.get(':c')).toEqual(['a', ' ']);
    expect(map.get(':d')).toEqual(new Keyword('ns/kw'));
  });

  test('symbolic values', () => {
    expect(readEdn('[##Inf ##-Inf]')).toEqual([Infinity, -Infinity]);
    expect(() => readEdn('##Huge')).toThrow(/unknown symbolic value/);
  });

  test('tagged literals read as the form they tag', () => {
    expect(readEdn('#jepsen.history.Op{:type :ok}')).toEqual(new Map([[':type', new Keyword('ok')]]));
    expect(readEdn('#inst "2024-01-01T00:00:00Z"')).toBe('2024-01-01T00:00:00Z');
  });

  test('a history written as one vector yields its elements with their lines', () => {
    const items = readEdnItems('[{:a 1}\n {:a 2}\n\n {:a 3}]');
    expect(items.map((i) => i.line)).toEqual([1, 2, 4]);
  });

  test.each([
    ['{:a 1', 1, /unclosed/],
    ['{:a 1}\n{:b}', 2, /even number/],
    ['{:a "x}', 1, /unterminated/],
    ['\n\n{:a 1)}', 3, /unexpected '\)'/],
  ])('malformed EDN %j is reported at line %i', (text, line, message) => {
    expect(() => readEdnItems(text)).toThrow(message);
    expect(lineOf(() => readEdnItems(text))).toBe(line);
  });
});

describe("Jepsen's history.edn", () => {
  const plain = [
    '{:type :invoke, :f :write, :value 3, :process 0, :time 1000000, :index 0}',
    '{:type :info, :f :start, :value nil, :process :nemesis, :time 1500000}',
    '{:type :ok, :f :write, :value 3, :process 0, :time 2000000, :index 1}',
    '#jepsen.history.Op{:type :invoke, :f :cas, :value [3 4], :process 1, :time 3000000, :index 2}',
    '#jepsen.history.Op{:type :fail, :f :cas, :value [3 4], :process 1, :time 4000000, :index 3, :error :mismatch}',
  ].join('\n');

  test('nemesis operations with maps and sets in their values are read and skipped', () => {
    const text = '{:type :info, :f :start, :value [:isolated {"n1" #{"n2" "n3"}}], :process :nemesis, :time 5}\n' + plain;
    expect(readHistory(text).history.ops).toHaveLength(4);
  });

  test('operation maps, plain and tagged; nemesis operations skipped; :time in ns becomes ms', () => {
    const { format, history } = readHistory(plain);
    expect(format.name).toBe('jepsen-edn');
    expect(history.ops).toHaveLength(4);
    expect(history.ops[0]).toEqual({ index: 0, time: 1, process: 0, type: 'invoke', f: 'write', key: 'register', value: 3 });
    expect(history.ops[3]).toMatchObject({ type: 'fail', f: 'cas', value: [3, 4], error: 'mismatch' });
    expect(history.lines).toEqual([1, 3, 4, 5]);
  });

  test('jepsen.independent [key value] tuples become keys', () => {
    const text = [
      '{:type :invoke, :f :read, :value [7 nil], :process 0}',
      '{:type :ok, :f :read, :value [7 2], :process 0}',
      '{:type :invoke, :f :cas, :value [8 [1 2]], :process 1}',
      '{:type :ok, :f :cas, :value [8 [1 2]], :process 1}',
    ].join('\n');
    const ops = toOperations(readHistory(text, 'jepsen-edn').history);
    expect(ops.map((op) => [op.key, op.f, op.input, op.output])).toEqual([
      ['7', 'read', null, 2],
      ['8', 'cas', [1, 2], [1, 2]],
    ]);
  });

  test('a plain cas history is not mistaken for independent tuples', () => {
    const text = '{:type :invoke, :f :cas, :value [1 2], :process 0}\n{:type :ok, :f :cas, :value [1 2], :process 0}';
    const ops = toOperations(readHistory(text).history);
    expect(ops[0]).toMatchObject({ key: 'register', input: [1, 2] });
  });

  test.each([
    ['{:type :invoke, :f :read, :value nil}', /no :process/],
    ['{:type :bogus, :f :read, :value nil, :process 0}', /:type must be one of/],
    ['{:type :invoke, :value nil, :process 0}', /no :f/],
    ['[1 2 3]', /expected an operation map/],
  ])('%s is a clear error with its line', (line, message) => {
    const text = `{:type :invoke, :f :read, :value nil, :process 5}\n${line}`;
    expect(() => readHistory(text, 'jepsen-edn')).toThrow(message);
    expect(lineOf(() => readHistory(text, 'jepsen-edn'))).toBe(2);
  });
});

describe("Porcupine's logs", () => {
  test('etcd: tabs or spaces; :fail :cas observes a mismatch; timeouts are indeterminate; other loggers are skipped', () => {
    const text = [
      'INFO  jepsen.util - 0\t:invoke\t:cas\t[1 2]',
      'INFO  jepsen.core - Worker 3 starting',
      'INFO  jepsen.util - 1   :invoke :read   nil',
      'INFO  jepsen.util - 0\t:fail\t:cas\t[1 2]',
      'INFO  jepsen.util - 1   :fail   :read   :timed-out',
      'INFO  jepsen.util - 2\t:invoke\t:write\t4',
      'INFO  jepsen.util - 2\t:info\t:write\t:timed-out',
    ].join('\n');
    const { format, history } = readHistory(text);
    expect(format.name).toBe('porcupine-etcd');
    const ops = toOperations(history);
    expect(ops.map((op) => [op.f, op.outcome, op.error, op.ret])).toEqual([
      ['cas', 'fail', 'mismatch', 2],
      ['read', 'info', 'timed-out', Infinity],
      ['write', 'info', 'timed-out', Infinity],
    ]);
    expect(history.lines).toEqual([1, 3, 4, 5, 6, 7]);
  });

  test('etcd: a timestamp before the level, and indented continuation lines (stack traces), as real logs have', () => {
    const text = [
      '2015-03-01 12:00:00,001{GMT}\tINFO\t[jepsen worker 0] jepsen.util - 0\t:invoke\t:write\t1',
      '\tat clojure.lang.AFn.run(AFn.java:22)',
      '2015-03-01 12:00:00,002{GMT}\tINFO\t[jepsen worker 0] jepsen.core: a message from elsewhere',
      '2015-03-01 12:00:00,003{GMT}\tINFO\t[jepsen worker 0] jepsen.util: 0\t:ok\t:write\t1',
    ].join('\n');
    const { format, history } = readHistory(text);
    expect(format.name).toBe('porcupine-etcd');
    expect(history.ops.map((op) => [op.type, op.f, op.value])).toEqual([
      ['invoke', 'write', 1],
      ['ok', 'write', 1],
    ]);
  });

  test.each([
    ['INFO  jepsen.util - 0\t:invoke\t:write', /malformed operation/],
    ['INFO  jepsen.util - 0\t:invoke\t:write\t[1', /cannot read value/],
    ['garbage', /not a log line/],
  ])('etcd: %j is an error at its line', (line, message) => {
    const text = `INFO  jepsen.util - 3\t:invoke\t:read\tnil\n${line}`;
    expect(() => readHistory(text)).toThrow(message);
    expect(lineOf(() => readHistory(text))).toBe(2);
  });

  test('kv: EDN maps with :key, told apart from Jepsen EDN by their first line', () => {
    const text = '{:process 0, :type :invoke, :f :append, :key "3", :value "x 0 0 y"}\n{:process 0, :type :ok, :f :append, :key "3", :value "x 0 0 y"}\n';
    const { format, history } = readHistory(text);
    expect(format.name).toBe('porcupine-kv');
    expect(history.ops[0]).toMatchObject({ key: '3', f: 'append', value: 'x 0 0 y' });
    expect(() => readHistory('{:process 0, :type :invoke, :f :get, :value nil}', 'porcupine-kv')).toThrow(/no :key/);
  });
});

describe("faultline's JSONL", () => {
  const good = '{"index":0,"time":5,"process":1,"type":"invoke","f":"write","key":"r1","value":2}\n{"index":1,"time":9,"process":1,"type":"ok","f":"write","key":"r1","value":2}\n';

  test('reads back what the recorder writes, blank lines and CRLF included', () => {
    const { format, history } = readHistory(good.replace(/\n/g, '\r\n') + '\r\n');
    expect(format.name).toBe('jsonl');
    expect(history.ops[1]).toEqual({ index: 1, time: 9, process: 1, type: 'ok', f: 'write', key: 'r1', value: 2 });
  });

  test.each([
    ['{"process":1,"type":"ok","f":"write"', /not JSON/],
    ['{"process":"p","type":"ok","f":"write"}', /"process" must be an integer/],
    ['{"process":1,"type":"done","f":"write"}', /"type" must be one of/],
    ['[1,2]', /expected a JSON object/],
  ])('%s is an error at its line', (line, message) => {
    const text = good + '\n' + line + '\n';
    expect(() => readHistory(text)).toThrow(message);
    expect(lineOf(() => readHistory(text))).toBe(4);
  });

  test('a completion without an invocation, and an invocation while another is open, are errors at their lines', () => {
    const orphan = good + '{"process":7,"type":"ok","f":"read","key":"r1","value":null}\n';
    expect(() => toOperations(readHistory(orphan).history)).toThrow(/completes nothing: it has no invocation/);
    expect(lineOf(() => toOperations(readHistory(orphan).history))).toBe(3);
    const twice = '{"process":1,"type":"invoke","f":"read","key":"a"}\n{"process":1,"type":"invoke","f":"read","key":"a"}\n';
    expect(() => toOperations(readHistory(twice).history)).toThrow(/while its read from line 1 has not completed/);
  });
});

describe('format inference', () => {
  test('a first line in no known format is an error that names the formats', () => {
    expect(() => inferFormat('hello\n')).toThrow(/cannot tell the history's format.*--format \(jsonl, porcupine-etcd, porcupine-kv, jepsen-edn\)/);
    expect(() => inferFormat('\n  \n')).toThrow(/empty history/);
  });
});
