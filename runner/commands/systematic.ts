/**
 * `faultline systematic --procedure NAME [--mode before|after|both]`: crash the master at every crash point of
 * one procedure in turn — after each persisted step, and/or after each step but before its outcome is persisted
 * (ProcedureTestingUtility's kill-and-restart, both ways) — and check that every crash point recovers to a
 * valid end state.
 */
import { join } from 'node:path';
import type { CommandRegistrar } from '../cli.ts';
import { EXIT, UsageError } from '../errors.ts';
import { parseSeed } from '../options.ts';
import { findScenario } from '../scenarios/registry.ts';
import { CRASH_MODES, runSystematic, SYSTEMATIC_TARGETS, type CrashMode, type CrashPointResult } from '../systematic.ts';

const MODE_CHOICES: Record<string, readonly CrashMode[]> = { before: ['before'], after: ['after'], both: CRASH_MODES };

export const registerSystematic: CommandRegistrar = (program, io, setExit) => {
  program
    .command('systematic')
    .description('crash the master at every step of one procedure (before and/or after its store update), in turn, and check each recovery')
    .requiredOption('--procedure <name>', `which procedure: ${Object.keys(SYSTEMATIC_TARGETS).join(', ')}`)
    .option('--mode <mode>', 'before: kill after a step ran, before its outcome is persisted (the step runs twice); after: kill right after a persist; both', 'both')
    .option('--seed <n>', 'root seed', '1')
    .option('--out <dir>', 'where failing crash points write their files', join('store', 'systematic'))
    .option('--json', 'one JSON line per crash point, then a summary line per mode')
    .action((options: { procedure: string; mode: string; seed: string; out: string; json?: boolean }) => {
      const target = SYSTEMATIC_TARGETS[options.procedure];
      if (target === undefined) throw new UsageError(`unknown --procedure '${options.procedure}'; known: ${Object.keys(SYSTEMATIC_TARGETS).join(', ')}`);
      const modes = MODE_CHOICES[options.mode];
      if (modes === undefined) throw new UsageError(`unknown --mode '${options.mode}'; known: ${Object.keys(MODE_CHOICES).join(', ')}`);
      const seed = parseSeed(options.seed);
      const scenario = findScenario('systematic');
      if (scenario === undefined) throw new Error('the systematic scenario is not registered');
      const exits: number[] = [];
      for (const mode of modes) {
        if (!options.json) io.stdout(`${mode === 'before' ? 'kill before the store update (each step runs twice)' : 'kill after the store update'}:`);
        const result = runSystematic(scenario, seed, target, mode, (k) => join(options.out, options.procedure, `seed-${seed}-${mode}-${k}`), (p) => {
          if (options.json) return io.stdout(JSON.stringify({ procedure: options.procedure, ...p }));
          const verdict = p.valid === true ? 'valid' : p.valid === false ? `VIOLATION (${p.failing.join(', ')})` : `unknown (${p.failing.join(', ')})`;
          io.stdout(`  crash ${mode} persist ${String(p.crashPoint).padStart(2)}: ${p.fired ? 'master crashed' : 'no such crash point (not fired)'}; ${target.procedure} ${p.finished ? 'finished' : 'DID NOT FINISH'}; ${p.wrongEndState ?? 'end state right'}; ${verdict}${p.files['report.html'] ? ` — report: ${p.files['report.html']}` : ''}`);
        });
        const verdict = systematicVerdict(target.procedure, result.procId, result.points);
        io.stdout(options.json ? JSON.stringify({ summary: { procedure: options.procedure, mode, procId: result.procId, crashPoints: verdict.crashPoints, recovered: verdict.recovered } }) : `  ${verdict.line}`);
        exits.push(verdict.exit);
      }
      setExit(worstExit(exits));
    });
};

/** A violation in any mode outweighs an unknown, which outweighs valid. */
export function worstExit(exits: readonly number[]): number {
  if (exits.includes(EXIT.violation)) return EXIT.violation;
  if (exits.includes(EXIT.unknown)) return EXIT.unknown;
  return EXIT.valid;
}

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
