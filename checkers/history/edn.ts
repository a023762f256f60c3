/**
 * Just enough EDN to read Jepsen and Porcupine histories: nil, booleans, numbers, strings, characters,
 * keywords, symbols, vectors, lists, maps, sets, tagged literals (the tag is dropped, so
 * `#jepsen.history.Op{...}` reads as its map), `#_` discards, `;` comments, commas as whitespace.
 */
import { HistoryInputError } from './input-error.ts';

export class Keyword {
  constructor(readonly name: string) {}
  toString(): string {
    return `:${this.name}`;
  }
}

export class EdnSymbol {
  constructor(readonly name: string) {}
  toString(): string {
    return this.name;
  }
}

/** Map keys are stored by their printed form (`:type`, `"k"`, `1`), which is how anyone looks them up. */
export type EdnMap = Map<string, EdnValue>;
export type EdnValue = null | boolean | number | string | Keyword | EdnSymbol | EdnValue[] | EdnMap;

export interface Located {
  value: EdnValue;
  line: number;
}

const SYMBOL_CHAR = /[A-Za-z0-9.*+!\-_?$%&=<>/:#'|]/;
const DELIMITER = /[\s,()[\]{}";]/;

export function readEdnForms(text: string): Located[] {
  const reader = new Reader(text);
  const forms: Located[] = [];
  for (;;) {
    reader.skipSpace();
    if (reader.atEnd()) return forms;
    const line = reader.line;
    const value = reader.read();
    if (value !== DISCARDED) forms.push({ value: value as EdnValue, line });
  }
}

/**
 * The items of a history file: its top-level forms, or the elements of its only form when that is one vector
 * or list (a history written as one big vector), each with the line it starts on.
 */
export function readEdnItems(text: string): Located[] {
  const reader = new Reader(text);
  reader.skipSpace();
  const open = reader.peek();
  if (open === '[' || open === '(') {
    const items = reader.readElements();
    reader.skipSpace();
    if (reader.atEnd()) return items;
  }
  return readEdnForms(text);
}

/** Reads a single form; the rest of the text must be blank. */
export function readEdn(text: string): EdnValue {
  const forms = readEdnForms(text);
  if (forms.length !== 1) throw new HistoryInputError(`expected one EDN form, found ${forms.length}`);
  return (forms[0] as Located).value;
}

export function printEdn(value: EdnValue): string {
  if (value === null) return 'nil';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(printEdn).join(' ')}]`;
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${k} ${printEdn(v)}`).join(', ')}}`;
  return String(value);
}

const DISCARDED = Symbol('discarded');

class Reader {
  line = 1;
  #at = 0;

  constructor(readonly text: string) {}

  peek(): string | undefined {
    return this.text[this.#at];
  }

  /** Reads the elements of the vector or list that starts here, each with its line. */
  readElements(): Located[] {
    const close = this.text[this.#at] === '(' ? ')' : ']';
    this.#at++;
    const items: Located[] = [];
    this.#elements(close, (value, line) => items.push({ value, line }));
    return items;
  }

  atEnd(): boolean {
    return this.#at >= this.text.length;
  }

  skipSpace(): void {
    const text = this.text;
    while (this.#at < text.length) {
      const ch = text[this.#at] as string;
      if (ch === '\n') this.line++;
      else if (ch === ';') {
        while (this.#at < text.length && text[this.#at] !== '\n') this.#at++;
        continue;
      } else if (ch !== ' ' && ch !== ',' && ch !== '\t' && ch !== '\r' && ch !== '\f') return;
      this.#at++;
    }
  }

  fail(message: string): never {
    throw new HistoryInputError(message, this.line);
  }

  read(): EdnValue | typeof DISCARDED {
    this.skipSpace();
    if (this.atEnd()) this.fail('unexpected end of input in EDN');
    const ch = this.text[this.#at] as string;
    switch (ch) {
      case '(':
      case '[':
        this.#at++;
        return this.#sequence(ch === '(' ? ')' : ']');
      case '{':
        this.#at++;
        return this.#map();
      case '"':
        return this.#string();
      case '\\':
        return this.#character();
      case '#':
        return this.#dispatch();
      case ')':
      case ']':
      case '}':
        return this.fail(`unexpected '${ch}' in EDN`);
      default:
        return this.#atom();
    }
  }

  #readValue(context: string): EdnValue {
    for (;;) {
      this.skipSpace();
      if (this.atEnd()) this.fail(`unexpected end of input in EDN ${context}`);
      const value = this.read();
      if (value !== DISCARDED) return value;
    }
  }

  #sequence(close: string): EdnValue[] {
    const items: EdnValue[] = [];
    this.#elements(close, (value) => items.push(value));
    return items;
  }

  /** Reads elements up to and including `close`, passing each (with the line it starts on) to `add`. */
  #elements(close: string, add: (value: EdnValue, line: number) => void): void {
    for (;;) {
      this.skipSpace();
      if (this.atEnd()) this.fail(`unclosed EDN ${close === ')' ? 'list' : 'vector'}: missing '${close}'`);
      if (this.text[this.#at] === close) {
        this.#at++;
        return;
      }
      const line = this.line;
      const value = this.read();
      if (value !== DISCARDED) add(value, line);
    }
  }

  #map(): EdnMap {
    const items = this.#sequence('}');
    if (items.length % 2 !== 0) this.fail('an EDN map needs an even number of forms');
    const map: EdnMap = new Map();
    for (let i = 0; i < items.length; i += 2) map.set(printEdn(items[i] as EdnValue), items[i + 1] as EdnValue);
    return map;
  }

  #string(): string {
    const text = this.text;
    let out = '';
    this.#at++;
    for (;;) {
      if (this.#at >= text.length) this.fail('unterminated EDN string');
      const ch = text[this.#at++] as string;
      if (ch === '"') return out;
      if (ch === '\n') this.line++;
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const escaped = text[this.#at++];
      switch (escaped) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case '"':
        case '\\':
          out += escaped;
          break;
        case 'u': {
          const hex = text.slice(this.#at, this.#at + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail(`bad \\u escape in EDN string: \\u${hex}`);
          out += String.fromCharCode(parseInt(hex, 16));
          this.#at += 4;
          break;
        }
        default:
          this.fail(`unknown escape \\${escaped ?? ''} in EDN string`);
      }
    }
  }

  #character(): string {
    this.#at++;
    const start = this.#at;
    this.#at++;
    while (this.#at < this.text.length && !DELIMITER.test(this.text[this.#at] as string)) this.#at++;
    const name = this.text.slice(start, this.#at);
    const named: Record<string, string> = { newline: '\n', space: ' ', tab: '\t', return: '\r', formfeed: '\f', backspace: '\b' };
    if (name.length === 1) return name;
    if (named[name] !== undefined) return named[name];
    if (/^u[0-9a-fA-F]{4}$/.test(name)) return String.fromCharCode(parseInt(name.slice(1), 16));
    return this.fail(`unknown EDN character \\${name}`);
  }

  #dispatch(): EdnValue | typeof DISCARDED {
    const next = this.text[this.#at + 1];
    if (next === '{') {
      this.#at += 2;
      return this.#sequence('}');
    }
    if (next === '_') {
      this.#at += 2;
      this.#readValue('after #_');
      return DISCARDED;
    }
    if (next === '#') {
      this.#at += 2;
      const symbolic: Record<string, number> = { Inf: Infinity, '-Inf': -Infinity, NaN: NaN };
      const name = this.#token();
      if (!(name in symbolic)) this.fail(`unknown symbolic value ##${name}`);
      return symbolic[name] as number;
    }
    // A tagged literal: the tag names a reader we do not have; the form it tags is what matters.
    this.#at++;
    const tag = this.#token();
    if (!/^[A-Za-z]/.test(tag)) this.fail(`bad EDN tag #${tag}`);
    return this.#readValue(`after #${tag}`);
  }

  #token(): string {
    const start = this.#at;
    while (this.#at < this.text.length && SYMBOL_CHAR.test(this.text[this.#at] as string)) this.#at++;
    return this.text.slice(start, this.#at);
  }

  #atom(): EdnValue {
    const token = this.#token();
    if (token === '') this.fail(`unexpected character '${this.text[this.#at]}' in EDN`);
    if (token === 'nil') return null;
    if (token === 'true') return true;
    if (token === 'false') return false;
    if (token.startsWith(':')) {
      if (token.length === 1) this.fail("a lone ':' is not an EDN keyword");
      return new Keyword(token.slice(token.startsWith('::') ? 2 : 1));
    }
    if (/^[+-]?\d/.test(token)) return number(token, this);
    return new EdnSymbol(token);
  }
}

function number(token: string, reader: Reader): number | string {
  const integer = /^([+-]?\d+)N?$/.exec(token);
  if (integer) {
    const value = Number(integer[1]);
    // Beyond 2^53 a number would silently change; its digits keep it exact.
    return Number.isSafeInteger(value) ? value : (integer[1] as string);
  }
  if (/^[+-]?\d+(\.\d*)?([eE][+-]?\d+)?M?$/.test(token)) return Number(token.replace(/M$/, ''));
  const ratio = /^([+-]?\d+)\/(\d+)$/.exec(token);
  if (ratio) return Number(ratio[1]) / Number(ratio[2]);
  return reader.fail(`bad EDN number '${token}'`);
}
