/** The history formats `faultline check` reads, and how a file's format is told from its first line. */
import { HistoryInputError } from '../input-error.ts';
import type { History } from '../operations.ts';
import { readJepsenEdn, readPorcupineKv } from './jepsen-edn.ts';
import { readJsonl } from './jsonl.ts';
import { splitLines } from './lines.ts';
import { looksLikeLog, readPorcupineEtcd } from './porcupine-etcd.ts';

export interface Format {
  name: string;
  description: string;
  read(text: string): History;
  /** The model its histories are checked against when none is given, if the format implies one. */
  model?: string;
}

export const formats: readonly Format[] = [
  { name: 'jsonl', description: "faultline's history.jsonl (DESIGN.md §4)", read: readJsonl },
  { name: 'porcupine-etcd', description: "Porcupine's Jepsen etcd logs", read: readPorcupineEtcd, model: 'cas-register' },
  { name: 'porcupine-kv', description: "Porcupine's kv EDN logs", read: readPorcupineKv, model: 'kv-append' },
  { name: 'jepsen-edn', description: "Jepsen's history.edn", read: (text) => readJepsenEdn(text) },
];

export function findFormat(name: string): Format | undefined {
  return formats.find((f) => f.name === name);
}

/** The format of `text`, judged from its first non-blank line; throws if blank or unrecognisable. */
export function inferFormat(text: string): Format {
  const first = splitLines(text).find((line) => line.trim() !== '');
  if (first === undefined) throw new HistoryInputError('empty history: no operations');
  const line = first.trim();
  const named = (name: string): Format => findFormat(name) as Format;
  if (/^\{\s*"/.test(line)) return named('jsonl');
  const edn = (): Format => (/:key\s/.test(line) && !/:time\s/.test(line) ? named('porcupine-kv') : named('jepsen-edn'));
  if (/^(\{\s*:|#[A-Za-z{])/.test(line)) return edn();
  if (looksLikeLog(line)) return named('porcupine-etcd');
  if (/^(\[|\(|;)/.test(line)) return edn();
  throw new HistoryInputError(`cannot tell the history's format from its first line; name it with --format (${formats.map((f) => f.name).join(', ')})`);
}
