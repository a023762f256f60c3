/** Where CLI commands write; tests pass their own to capture output without spawning a process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A stream the reader closed (bin/faultline.js destroys it on EPIPE) is no longer written to. */
function writeLine(stream: NodeJS.WriteStream, text: string): void {
  if (stream.writable) stream.write(text.endsWith('\n') ? text : text + '\n');
}

export const processIo: CliIo = {
  stdout: (text) => writeLine(process.stdout, text),
  stderr: (text) => writeLine(process.stderr, text),
};
