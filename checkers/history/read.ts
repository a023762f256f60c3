/** Text to history: the named format, or the one the text's first line shows. */
import { HistoryInputError } from './input-error.ts';
import type { History } from './operations.ts';
import { findFormat, formats, inferFormat, type Format } from './readers/index.ts';

export interface ReadHistory {
  format: Format;
  history: History;
}

/** Throws HistoryInputError for an unknown format name, an empty history or a malformed record. */
export function readHistory(text: string, formatName?: string): ReadHistory {
  const format = formatName === undefined ? inferFormat(text) : findFormat(formatName);
  if (format === undefined) throw new HistoryInputError(`unknown format '${formatName}'; formats: ${formats.map((f) => f.name).join(', ')}`);
  const history = format.read(text);
  if (history.ops.length === 0) throw new HistoryInputError('empty history: no operations');
  return { format, history };
}
