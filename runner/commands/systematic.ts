/**
 * `faultline systematic --procedure NAME`: crash the master after every persisted step of one procedure in turn
 * (ProcedureTestingUtility's kill-and-restart) and check that every crash point recovers to a valid end state.
 */
import { join } from 'node:path';
import type { CommandRegistrar } from '../cli.ts';
import { EXIT, UsageError } from '../errors.ts';
import { parseSeed } from '../options.ts';
import { findScenario } from '../scenarios/registry.ts';
import { runSystematic, SYSTEMATIC_TARGETS, type CrashPointResult } from '../systematic.ts';

export const registerSystematic: CommandRegistrar = (program, io, setExit) => {
  program
    .command('systematic')
    .description('crash the master after every persisted step of one procedure, in turn, and check each recovery')
    .requiredOption('--procedure <name>', `which procedure: ${Object.keys(SYSTEMATIC_TARGETS).join(', ')}`)
    .option('--seed <n>', 'root seed', '1')
    .option('--out <dir>', 'where failing crash points write their files', join('store', 'systematic'))
    .option('--json', 'one JSON line per crash point, then a summary line')
    .action((options: { procedure: string; seed: string; out: string; json?: boolean }) => {
      const target = SYSTEMATIC_TARGETS[options.procedure];
      if (target === undefined) throw new UsageError(`unknown --procedure '${options.procedure}'; known: ${Object.keys(SYSTEMATIC_TARGETS).join(', ')}`);
      const seed = parseSeed(options.seed);
      const scenario = findScenario('systematic');
      if (scenario === undefined) throw new Error('the systematic scenario is not registered');
      const result = runSystematic(scenario, seed, target, (k) => join(options.out, options.procedure, `seed-${seed}-crash-${k}`), (p) => {
        if (options.json) return io.stdout(JSON.stringify({ procedure: options.procedure, ...p }));
        const verdict = p.valid === true ? 'valid' : p.valid === false ? `VIOLATION (${p.failing.join(', ')})` : `unknown (${p.failing.join(', ')})`;
        io.stdout(`  crash after persist ${String(p.crashAfterPersist).padStart(2)}: ${p.fired ? 'master crashed' : 'no such persist (not fired)'}; ${target.procedure} ${p.finished ? 'finished' : 'DID NOT FINISH'}; ${p.wrongEndState ?? 'end state right'}; ${verdict}${p.files['report.html'] ? ` — report: ${p.files['report.html']}` : ''}`);
      });
      const verdict = systematicVerdict(target.procedure, result.procId, result.points);
      io.stdout(options.json ? JSON.stringify({ summary: { procedure: options.procedure, procId: result.procId, crashPoints: verdict.crashPoints, recovered: verdict.recovered } }) : verdict.line);
      setExit(verdict.exit);
    });
};

/**
 * The verdict over every crash point. Only a crash that fired tests a recovery: when none fired, nothing was
 * tested, and that is a failure (1), never a pass.
 */
export function systematicVerdict(procedure: string, procId: number, points: readonly CrashPointResult[]): { line: string; exit: number; crashPoints: number; recovered: number } {
  const fired = points.filter((p) => p.fired);
  const bad = fired.filter((p) => p.valid !== true || !p.finished || p.wrongEndState !== null);
  const counts = { crashPoints: fired.length, recovered: fired.length - bad.length };
  if (fired.length === 0) return { ...counts, line: `${procedure} pid=${procId}: no crash point fired (of ${points.length} tried): nothing was tested`, exit: EXIT.violation };
  const line = `${procedure} pid=${procId}: ${fired.length} crash points, ${counts.recovered} recovered to a valid end state, ${bad.length} did not`;
  const exit = bad.some((p) => p.valid === false || !p.finished || p.wrongEndState !== null) ? EXIT.violation : bad.length > 0 ? EXIT.unknown : EXIT.valid;
  return { ...counts, line, exit };
}
