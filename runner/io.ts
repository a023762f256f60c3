/** Where CLI commands write; tests pass their own to capture output without spawning a process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** A status line redrawn in place; present only on a terminal. An empty text clears it. */
  progress?(text: string): void;
}

/** Whether the terminal shows a status line, which a printed line must clear first (they share the screen). */
let statusShown = false;

function clearStatus(): void {
  if (!statusShown) return;
  statusShown = false;
  if (process.stderr.writable) process.stderr.write('\r\u001b[2K');
}

/** A stream the reader closed (bin/faultline.js destroys it on EPIPE) is no longer written to. */
function writeLine(stream: NodeJS.WriteStream, text: string): void {
  clearStatus();
  if (stream.writable) stream.write(text.endsWith('\n') ? text : text + '\n');
}

/** Carriage return and erase-line: the status line is redrawn where it stands. */
function redraw(stream: NodeJS.WriteStream, text: string): void {
  clearStatus();
  if (text === '' || !stream.writable) return;
  stream.write(text.slice(0, Math.max(20, (stream.columns ?? 120) - 1)));
  statusShown = true;
}

export const processIo: CliIo = {
  stdout: (text) => writeLine(process.stdout, text),
  stderr: (text) => writeLine(process.stderr, text),
  ...(process.stderr.isTTY ? { progress: (text: string) => redraw(process.stderr, text) } : {}),
};
