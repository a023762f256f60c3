/**
 * The violation story: a planted linearizability bug and a planted assignment bug, each found by a bounded seed
 * search (never a hand-picked seed), render a "What went wrong" section before the timeline that explains the
 * violation in words and draws it; the operations the story names lead the operations list; malformed or
 * hostile evidence is skipped or escaped.
 */
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { renderReport } from '../../reports/index.ts';
import { keyStories } from '../../reports/story/index.ts';
import { plantedRun } from '../support/planted-run.ts';
import { syntheticRun } from '../support/synthetic-run.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function reportOfPlantedBug(scenarioName: string, bug: string, checker: string): string {
  const run = plantedRun(scenarioName, bug, checker);
  dirs.push(run.dir);
  return readFileSync(run.report, 'utf8');
}

function storyOf(html: string): string {
  const start = html.indexOf('<section id="story">');
  expect(start, 'the page has a story section').toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</section>', start));
}

describe('the violation story', () => {
  test('a planted linearizability bug: the failing key drawn, the prefix numbered, the stale read explained, before the timeline', () => {
    const html = reportOfPlantedBug('rs-death', 'assign-before-log-split', 'linearizability');
    const story = storyOf(html);
    expect(html.indexOf('id="story"')).toBeLessThan(html.indexOf('<h2>Timeline</h2>'));
    expect(story).toMatch(/<h3>Key <span class="mono">[^<]+<\/span> — linearizability<\/h3>/);
    const sentence = /<p class="sentence">([^<]+)<\/p>/.exec(story)?.[1] ?? '';
    expect(sentence).toMatch(/after the \d+ operations? that can be linearized the register holds/);
    // The chart: drawn by d3 (its axis), with numbered steps and the operation that cannot follow.
    expect(story).toContain('class="story-chart"');
    expect(story).toMatch(/class="story-axis"[^>]*>.*class="tick"/s);
    expect(story).toMatch(/class="step-label[^"]*"[^>]*>\d+<\/text>/);
    expect(story).toContain('✗');
    expect(story).toContain('The cluster at that moment');
    expect(story).toMatch(/Region <span class="mono">[0-9a-f]{8}<\/span>/);
    // The first row of the operations list is an operation the story names as unlinearizable.
    const stuckOp = /<tr class="stuck-row">.*?href="#op-(\d+)"/s.exec(story)?.[1];
    const firstRow = /<tr id="op-(\d+)"/.exec(html.slice(html.indexOf('<h2>Operations to look at</h2>')))?.[1];
    expect(stuckOp).toBeDefined();
    expect(firstRow).toBe(stuckOp);
  });

  test('a planted assignment bug: the region chart with the offending interval, in the checker\'s words', () => {
    const html = reportOfPlantedBug('partition', 'dispatch-gives-up-on-timeout', 'assignment');
    const story = storyOf(html);
    expect(story).toMatch(/<h3>Region <span class="mono">[0-9a-f]{8}<\/span> \([^)]*\) — assignment: double-assignment<\/h3>/);
    expect(story).toMatch(/both served it for [\d.]+ m?s/);
    expect(story).toContain('class="offending"');
    expect(story).toContain("master's view");
  });

  test('evidence of another shape is skipped, and every value from the history is escaped', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const step = (i: number, f: string, value: unknown, state: unknown) => ({ op: { process: i, key: hostile, f, value, output: value, type: 'ok', invoke: { index: 2 * i, time: 100 * i }, complete: { index: 2 * i + 1, time: 100 * i + 50 }, description: `${f}(${hostile})` }, state });
    const evidence = {
      initialState: null,
      longestPrefix: { length: 2, omitted: 0, steps: [step(0, 'write', hostile, hostile), step(1, 'write', 2, 2)] },
      stateAfterPrefix: 2,
      cannotLinearize: [{ ...step(2, 'read', null, null).op, output: hostile, description: `read → ${hostile}` }],
      explanation: hostile,
    };
    const checkers = { linearizability: { valid: false as const, keys: [{ key: hostile, valid: false, evidence }, { key: 'k', valid: false, evidence: { nonsense: true } }, 'junk'] } };
    const stories = keyStories(checkers);
    expect(stories).toHaveLength(1);
    expect(stories[0]?.sentence).toContain('was written by');
    expect(stories[0]?.sentence).toContain('the read saw a value already overwritten');
    const input = syntheticRun({ ops: 50 });
    const html = renderReport({ ...input, result: { ...input.result, valid: false, checkers } });
    expect(html).not.toContain(hostile);
    expect(storyOf(html)).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  test('a valid run has no story; a violation with evidence of an unknown shape is named in words', () => {
    const input = syntheticRun({ ops: 50 });
    const valid = { ...input, result: { ...input.result, valid: true as const, checkers: { linearizability: { valid: true as const } } } };
    expect(renderReport(valid)).not.toContain('id="story"');
    expect(storyOf(renderReport(input))).toContain('linearizability found a violation; its evidence is under Checkers.');
  });
});
