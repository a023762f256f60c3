/**
 * Escaping and formatting of values that come from a run's files. Everything a history or a trace says is
 * untrusted text (a register value can be `<script>`), so it reaches the page only through `esc`.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe in element content and in quoted attribute values alike. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

/** A value as a person reads it: strings bare, everything else as JSON; cut to `max` characters. */
export function show(value: unknown, max = 80): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value === undefined) text = '';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

/** Pretty JSON for a `<pre>`, cut at `max` characters so one huge piece of evidence cannot bloat the page. */
export function prettyJson(value: unknown, max: number): { text: string; truncated: boolean } {
  let text: string;
  try {
    text = JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? { text: text.slice(0, max), truncated: true } : { text, truncated: false };
}

/** Virtual milliseconds for people: `850 ms`, `12.35 s`. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs < 1000) return `${Math.round(value * 10) / 10} ms`;
  if (abs < 100_000) return `${(value / 1000).toFixed(abs < 10_000 ? 3 : 2).replace(/\.?0+$/, '')} s`;
  return `${(value / 1000).toFixed(1)} s`;
}

/** Compact number for SVG attributes: one decimal is far below a pixel's worth of error. */
export function n1(value: number): string {
  return String(Math.round(value * 10) / 10);
}

const collator = new Intl.Collator('en', { numeric: true });

/** Natural order, so rs-2 sorts before rs-10. */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b);
}
