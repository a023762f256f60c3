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
import { CRASH_MODES, runSystematic, runSystematicZk, SYSTEMATIC_TARGETS, ZK_STEP_FAILPOINT, type CrashMode, type CrashPointResult } from '../systematic.ts';
import { ASSIGNMENT_OPTION, withAssignment } from '../assignment-option.ts';
import type { ScenarioEntry } from '../scenarios/registry.ts';
import type { CliIo } from '../io.ts';

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
    .option(...ASSIGNMENT_OPTION)
    .action((options: { procedure: string; mode: string; seed: string; out: string; json?: boolean; assignment?: string }) => {
      const target = SYSTEMATIC_TARGETS[options.procedure];
      if (target === undefined) throw new UsageError(`unknown --procedure '${options.procedure}'; known: ${Object.keys(SYSTEMATIC_TARGETS).join(', ')}`);
      const modes = MODE_CHOICES[options.mode];
      if (modes === undefined) throw new UsageError(`unknown --mode '${options.mode}'; known: ${Object.keys(MODE_CHOICES).join(', ')}`);
      const seed = parseSeed(options.seed);
      const registered = findScenario('systematic');
      if (registered === undefined) throw new Error('the systematic scenario is not registered');
      const scenario = withAssignment(registered, options.assignment);
      if (scenario !== registered && options.assignment === 'zk') return setExit(systematicZk(scenario, seed, options.procedure, options, io));
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
  // procId -1: crash points that are not a procedure's (the ZooKeeper era's master steps).
  const who = procId >= 0 ? `${procedure} pid=${procId}` : procedure;
  if (fired.length === 0) return { ...counts, line: `${who}: no crash point fired (of ${points.length} tried): nothing was tested`, exit: EXIT.violation };
  const line = `${who}: ${fired.length} crash points, ${counts.recovered} recovered to a valid end state, ${bad.length} did not`;
  const exit = bad.some((p) => p.valid === false || !p.finished || p.wrongEndState !== null) ? EXIT.violation : bad.length > 0 ? EXIT.unknown : EXIT.valid;
  return { ...counts, line, exit };
}

/**
 * The ZooKeeper era (HBase 1.1) has no procedures to crash between: the master is crashed at the k-th pass of
 * `master.zk.step` concerning the target, for every k the run reaches (one mode).
 */
function systematicZk(scenario: ScenarioEntry<unknown>, seed: number, name: string, options: { out: string; json?: boolean }, io: CliIo): number {
  const target = SYSTEMATIC_TARGETS[name] as NonNullable<(typeof SYSTEMATIC_TARGETS)[string]>;
  const label = `${name} (ZooKeeper era, ${ZK_STEP_FAILPOINT})`;
  if (!options.json) io.stdout(`crash the master at each step of ${name}:`);
  const points = runSystematicZk(scenario, seed, name, target, (k) => join(options.out, `zk-${name}`, `seed-${seed}-${k}`), (p) => {
    if (options.json) return io.stdout(JSON.stringify({ procedure: name, assignment: 'zk', ...p }));
    const verdict = p.valid === true ? 'valid' : p.valid === false ? `VIOLATION (${p.failing.join(', ')})` : `unknown (${p.failing.join(', ')})`;
    io.stdout(`  crash at step ${String(p.crashPoint).padStart(2)}: ${p.wrongEndState ?? 'end state right'}; ${verdict}${p.files['report.html'] ? ` — report: ${p.files['report.html']}` : ''}`);
  });
  const verdict = systematicVerdict(label, -1, points);
  io.stdout(options.json ? JSON.stringify({ summary: { procedure: name, assignment: 'zk', crashPoints: verdict.crashPoints, recovered: verdict.recovered } }) : `  ${verdict.line}`);
  return verdict.exit;
}
