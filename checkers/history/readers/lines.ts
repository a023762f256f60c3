/** What every line-based reader shares. */

/** The key of a history that names none: one register. */
export const SINGLE_KEY = 'register';

/** Lines without their terminators; CRLF files read like LF ones. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}
