import { describe, expect, test } from 'vitest';
import { renderReport, type ReportInput } from '../../reports/index.ts';
import { syntheticRun } from '../support/synthetic-run.ts';

function svgOf(html: string, id: string): string {
  const start = html.lastIndexOf('<svg ', html.indexOf(` id="${id}"`));
  expect(start, `svg#${id} present`).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</svg>', start) + 6);
}

const emptyResult = (): ReportInput['result'] => ({ seed: 7, scenario: 'empty', valid: 'unknown', checkers: {}, stats: {}, repro: 'npx faultline run --scenario empty --seed 7' });

describe('report', () => {
  const input = syntheticRun({ doubleAssign: true, ops: 400 });
  const html = renderReport(input);
  const timeline = svgOf(html, 'timeline');

  test('leads with the verdict and the repro command', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    const verdict = html.indexOf('VIOLATION');
    const repro = html.indexOf('npx faultline run --scenario failover --seed 1');
    expect(verdict).toBeGreaterThan(0);
    expect(repro).toBeGreaterThan(0);
    expect(repro).toBeLessThan(html.indexOf('id="timeline"'));
  });

  test('draws every lane kind', () => {
    for (const section of ['Faults', 'Masters', 'RegionServers', 'Other processes', 'Procedures', 'Clients', 'Other events']) expect(timeline).toContain(`class="section">${section}</text>`);
    for (const lane of ['master-1', 'master-2', 'master-3', 'rs-1', 'rs-2', 'rs-4', 'zookeeper', 'hdfs', 'process 0', 'no active master', 'regions unavailable']) expect(timeline).toContain(`class="lane-label">${lane}<`);
    for (const state of ['s-active', 's-initialized', 's-backup', 's-dead', 's-aborted', 's-paused', 's-online', 's-starting', 's-running']) expect(timeline).toContain(`class="${state}"`);
    for (const cls of ['"band"', '"fault-line"', '"fault"', '"fault-instant"', '"fault-on"', '"ok"', '"fail"', '"info-tail"', '"proc"', '"outage"', '"mk-bad"']) expect(timeline).toContain(`class=${cls}`);
    expect(timeline).toMatch(/class="info( hl)?"/);
  });

  test('marks evidence operations on the timeline and links them to the table', () => {
    const ops = input.result.checkers.linearizability?.ops as number[];
    expect(ops.length).toBeGreaterThan(0);
    expect(timeline).toContain('class="info hl"');
    expect(timeline).toContain('EVIDENCE of linearizability');
    // Evidence may name a completion's index; the row is keyed by the invocation's.
    expect(html).toMatch(/<a href="#op-\d+">/);
    expect(html).toMatch(/<tr id="op-\d+">/);
  });

  test('draws the region assignment chart with gaps, paused holders and double assignment', () => {
    const regions = svgOf(html, 'regions');
    expect(regions).toContain('class="hold"');
    expect(regions).toContain('class="gap"');
    expect(regions).toContain('class="frozen"');
    expect(regions).toContain('class="double"');
    expect(regions).toContain('class="v-open"');
    expect(html).toContain('1 double assignment in 1 region');
  });

  test('shows latency and availability figures and the checkers evidence', () => {
    expect(html).toContain('<h3>Latency by operation');
    expect(html).toMatch(/<td><b>all<\/b><\/td>/);
    expect(html).toContain('without an active master');
    expect(html).toContain('Regions: unavailability');
    expect(html).toMatch(/<details open><summary>evidence/);
  });

  test('is one offline file: no external resources', () => {
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/url\((?!#)/);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  test('copes with a run that has no masters, no regions, no faults and unknown events', () => {
    const bare = renderReport({
      result: emptyResult(),
      history: [
        { index: 0, time: 5, process: 0, type: 'invoke', f: 'read', key: 'k', value: null },
        { index: 1, time: 9, process: 0, type: 'ok', f: 'read', key: 'k', value: null },
      ],
      trace: [{ time: 3, type: 'totally.unknown', data: 1 }, { time: 4, type: 'rs.online', process: 'rs-1', server: 's,1,1' }],
      schedule: { faults: [] },
    });
    expect(bare).toContain('UNKNOWN');
    expect(bare).toContain('No master events in the trace.');
    expect(bare).toContain('No region events');
    expect(bare).toContain('No faults in the trace.');
    expect(svgOf(bare, 'timeline')).toContain('class="lane-label">rs-1<');
    expect(bare).not.toContain('id="regions"');
  });

  test('copes with an empty run', () => {
    const empty = renderReport({ result: emptyResult(), history: [], trace: [], schedule: { faults: [] } });
    expect(empty).toContain('nothing recorded');
    expect(empty).toContain('No client operations in the history.');
    expect(empty).toContain('No checker ran');
  });

  test('is deterministic', () => {
    expect(renderReport(syntheticRun({ doubleAssign: true, ops: 400 }))).toBe(html);
  });
});
