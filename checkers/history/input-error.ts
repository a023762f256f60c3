/**
 * A history that cannot be read or makes no sense as a history. `line` is 1-based in the file it came from,
 * when there is one; the CLI prints `file:line: message` and exits 2.
 */
export class HistoryInputError extends Error {
  override name = 'HistoryInputError';

  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}
