import { describe, expect, test } from 'vitest';
import { main } from '../../runner/cli.ts';
import { PLANTED_BUGS } from '../../system/bugs.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) }, out, err };
}

describe('faultline bugs', () => {
  test('--json is one JSON array with every planted bug and its fields', async () => {
    const { io, out, err } = capture();
    expect(await main(['bugs', '--json'], io)).toBe(0);
    expect(err).toEqual([]);
    expect(out).toHaveLength(1);
    const listed = JSON.parse(out[0]!) as Array<Record<string, unknown>>;
    expect(listed.map((b) => b.name)).toEqual(PLANTED_BUGS.map((b) => b.name));
    for (const [i, bug] of PLANTED_BUGS.entries()) expect(listed[i]).toEqual({ ...bug });
    expect(Object.keys(listed[0]!).slice(0, 5)).toEqual(['name', 'jira', 'description', 'caughtBy', 'exposedBy']);
  });

  test('the human listing names each bug with its JIRA, checker, scenario and a command that switches it on', async () => {
    const { io, out } = capture();
    expect(await main(['bugs'], io)).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(new RegExp(`^${PLANTED_BUGS.length} planted bugs`));
    for (const bug of PLANTED_BUGS) {
      const block = text.slice(text.indexOf(`${bug.name}  (`));
      expect(block.startsWith(`${bug.name}  (${bug.jira})`)).toBe(true);
      expect(block).toContain(`caught by ${bug.caughtBy}; exposed best by scenario ${bug.exposedBy}`);
      expect(block).toContain(`"bugs":["${bug.name}"]`);
    }
  });
});
