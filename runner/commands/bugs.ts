/**
 * `faultline bugs [--json]`: the planted bugs of system/bugs.ts — what goes wrong, the checker that must catch
 * it, the scenario that exposes it best — and how to switch one on. `--json`: one JSON array of the entries.
 */
import type { CommandRegistrar } from '../cli.ts';
import { EXIT } from '../errors.ts';
import { PLANTED_BUGS, type PlantedBug } from '../../system/bugs.ts';
import { plantedBugScenarioFile } from '../scenarios/planted.ts';

export const registerBugs: CommandRegistrar = (program, io, setExit) => {
  program
    .command('bugs')
    .description('list the planted bugs: what goes wrong, the checker that catches it, the scenario that exposes it')
    .option('--json', 'one JSON array of the planted bugs')
    .action((options: { json?: boolean }) => {
      io.stdout(options.json ? JSON.stringify(PLANTED_BUGS.map(bugJson)) : bugsText(PLANTED_BUGS));
      setExit(EXIT.valid);
    });
};

/** The entry's fields in a fixed order (name, jira, description, caughtBy, exposedBy, then any others). */
function bugJson(bug: PlantedBug): Record<string, unknown> {
  const { name, jira, description, caughtBy, exposedBy, ...rest } = bug;
  return { name, jira, description, caughtBy, exposedBy, ...rest };
}

export function bugsText(bugs: readonly PlantedBug[]): string {
  const lines = [`${bugs.length} planted bugs, off by default (a correct build passes every seed); each must be caught by its checker in its scenario and in failover.`, ''];
  for (const bug of bugs) {
    lines.push(`${bug.name}  (${bug.jira})`);
    lines.push(`  caught by ${bug.caughtBy}; exposed best by scenario ${bug.exposedBy}${bug.era === undefined ? '' : ` (assignment era ${bug.era})`}`);
    lines.push(...wrap(bug.description, 110).map((l) => `  ${l}`));
    lines.push(`  try: faultline sweep --scenario-file '${JSON.stringify(plantedBugScenarioFile(bug))}' --seeds 20`);
    lines.push('');
  }
  return lines.join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}
