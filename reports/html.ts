/**
 * HTML as values rather than long template strings: `el` builds an element whose text children are escaped
 * and whose markup children (`Html`, from `el` or `raw`) pass through, so a value from a run cannot reach the
 * page unescaped by forgetting a call. `table` is the page's one table shape.
 */
import { esc } from './escape.ts';

/** Markup that is already safe: built by `el`, or ours (`raw`). */
export interface Html {
  readonly html: string;
}

export type Child = Html | string | number | false | null | undefined | readonly Child[];
export type Attributes = Readonly<Record<string, string | number | boolean | undefined>>;

export function raw(markup: string): Html {
  return { html: markup };
}

function isHtml(child: Child): child is Html {
  return typeof child === 'object' && child !== null && !Array.isArray(child);
}

/** The children as markup: text escaped, markup as it is, nothing for false / null / undefined. */
export function markup(...children: Child[]): string {
  let out = '';
  for (const child of children) {
    if (child === false || child === null || child === undefined) continue;
    if (isHtml(child)) out += child.html;
    else if (Array.isArray(child)) out += markup(...(child as Child[]));
    else out += esc(String(child));
  }
  return out;
}

export function fragment(...children: Child[]): Html {
  return { html: markup(...children) };
}

const VOID = new Set(['br', 'meta', 'input', 'img', 'hr']);

/** `<tag attrs>children</tag>`; an attribute that is false or undefined is left out, true is written bare. */
export function el(tag: string, attributes: Attributes | null, ...children: Child[]): Html {
  let open = `<${tag}`;
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === false) continue;
    open += value === true ? ` ${name}` : ` ${name}="${esc(String(value))}"`;
  }
  return { html: VOID.has(tag) ? `${open}>` : `${open}>${markup(...children)}</${tag}>` };
}

/** A column: its heading, and how its cells are set (`num`: right-aligned figures; `mono`: values from the run). */
export interface Column {
  title: string;
  cls?: 'num' | 'mono';
}

/** A table with a heading row; `rowIds` gives rows an id to link to. */
export function table(columns: readonly Column[], rows: readonly (readonly Child[])[], rowIds?: readonly (string | undefined)[]): Html {
  const head = el('tr', null, columns.map((c) => el('th', { class: c.cls === 'num' ? 'num' : undefined }, c.title)));
  const body = rows.map((cells, i) => el('tr', { id: rowIds?.[i] }, cells.map((cell, j) => el('td', { class: columns[j]?.cls }, cell))));
  return el('table', null, head, body);
}
