import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { ReportInputError, readRunDir, renderReport, renderReportFromDir, writeReport } from '../../reports/index.ts';
import { syntheticRun, writeRunDir } from '../support/synthetic-run.ts';

const dirs: string[] = [];
function runDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-report-'));
  dirs.push(dir);
  writeRunDir(dir, syntheticRun({ ops: 100 }));
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The error thrown by `fn`, checked to be a one-line ReportInputError. */
function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ReportInputError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected an error');
}

describe('run files', () => {
  test('writeReport reads a run directory and writes report.html atomically (no temporary left behind)', () => {
    const dir = runDir();
    const path = writeReport(dir);
    expect(path).toBe(join(dir, 'report.html'));
    const html = readFileSync(path, 'utf8');
    expect(html).toBe(renderReportFromDir(dir));
    expect(html).toBe(renderReport(syntheticRun({ ops: 100 })));
    expect(readdirSync(dir).sort()).toEqual(['history.jsonl', 'report.html', 'result.json', 'schedule.json', 'trace.jsonl']);
  });

  test('tolerates blank lines and a missing final newline in JSONL', () => {
    const dir = runDir();
    const history = readFileSync(join(dir, 'history.jsonl'), 'utf8');
    writeFileSync(join(dir, 'history.jsonl'), '\n' + history.trimEnd());
    expect(readRunDir(dir).history.length).toBe(history.trimEnd().split('\n').length);
  });

  test('a missing file is named', () => {
    const dir = runDir();
    rmSync(join(dir, 'trace.jsonl'));
    expect(failure(() => writeReport(dir))).toBe(`${join(dir, 'trace.jsonl')}: cannot read: file not found`);
    expect(readdirSync(dir)).not.toContain('report.html');
  });

  test('a malformed JSONL line is named by file and line', () => {
    const dir = runDir();
    const lines = readFileSync(join(dir, 'history.jsonl'), 'utf8').split('\n');
    lines[2] = '{"index": 2, "time": 5, oops';
    writeFileSync(join(dir, 'history.jsonl'), lines.join('\n'));
    expect(failure(() => writeReport(dir))).toMatch(new RegExp(`^${join(dir, 'history.jsonl').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} line 3: not valid JSON \\(`));
  });

  test.each([
    ['history.jsonl', '{"index":0,"time":1,"process":1,"type":"begin","f":"read","key":"k","value":null}\n', 'history.jsonl line 1: field \'type\' must be invoke, ok, fail or info'],
    ['history.jsonl', '{"index":0,"time":"soon","process":1,"type":"invoke","f":"read","key":"k","value":null}\n', "history.jsonl line 1: field 'time' is missing or not a number"],
    ['history.jsonl', '[1,2]\n', 'history.jsonl line 1: expected a JSON object'],
    ['trace.jsonl', '{"time":1,"type":"x"}\n{"time":2}\n', "trace.jsonl line 2: field 'type' is missing or not a string"],
    ['result.json', '{"seed":1,"scenario":"s","valid":true,"checkers":{},"stats":{}}', "result.json: field 'repro' is missing or not a string"],
    ['result.json', '{"seed":1,"scenario":"s","valid":"maybe","checkers":{},"stats":{},"repro":"x"}', 'result.json: field \'valid\' must be true, false or "unknown"'],
    ['result.json', '{"seed":1,"scenario":"s","valid":true,"checkers":{"lin":{}},"stats":{},"repro":"x"}', 'result.json: checker \'lin\' has no valid: true, false or "unknown"'],
    ['result.json', '{"seed":1,', 'result.json: not valid JSON ('],
    ['schedule.json', '{"faults":{}}', "schedule.json: field 'faults' is missing or not an array"],
  ])('malformed %s: one line naming it', (file, content, message) => {
    const dir = runDir();
    writeFileSync(join(dir, file), content);
    expect(failure(() => renderReportFromDir(dir))).toContain(join(dir, message.split(':')[0] as string) + message.slice(message.indexOf(':')));
  });
});
