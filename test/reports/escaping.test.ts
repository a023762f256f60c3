import { describe, expect, test } from 'vitest';
import { esc, ms, show } from '../../reports/escape.ts';
import { renderReport } from '../../reports/index.ts';
import { HOSTILE_REASON, HOSTILE_VALUE, syntheticRun } from '../support/synthetic-run.ts';

describe('escaping', () => {
  test('esc covers the five characters that matter in content and attributes', () => {
    expect(esc(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  test('show renders non-strings as JSON and cuts long values', () => {
    expect(show([5, 6])).toBe('[5,6]');
    expect(show(null)).toBe('null');
    expect(show('x'.repeat(100), 10)).toBe('xxxxxxxxx…');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(show(cyclic)).toBe('[object Object]');
  });

  test('ms reads as a person would', () => {
    expect(ms(850)).toBe('850 ms');
    expect(ms(1500)).toBe('1.5 s');
    expect(ms(12_345)).toBe('12.35 s');
  });

  test('hostile names in lanes, regions, procedures, faults and checkers are escaped too', () => {
    const evil = '"><img src=x onerror=alert(1)>';
    const html = renderReport({
      result: { seed: 1, scenario: evil, valid: false, checkers: { [evil]: { valid: false, [evil]: evil } }, stats: { [evil]: evil }, repro: evil, options: { [evil]: evil } },
      history: [
        { index: 0, time: 1, process: 1, type: 'invoke', f: evil, key: evil, value: evil },
        { index: 1, time: 2, process: 1, type: 'fail', f: evil, key: evil, value: evil, error: evil },
      ],
      trace: [
        { time: 0, type: 'process.spawn', process: evil },
        { time: 0, type: 'master.active', process: `master${evil}`, server: evil },
        { time: 1, type: 'rs.online', process: `rs${evil}`, server: `s${evil}` },
        { time: 1, type: 'region.opened', region: evil, table: evil, server: `s${evil}` },
        { time: 1, type: 'am.transition', region: evil, table: evil, state: evil, server: evil },
        { time: 1, type: 'procedure.step', procId: evil, procedure: evil, state: evil },
        { time: 2, type: `fault.${evil}`, target: evil },
        { time: 2, type: evil, owner: evil },
      ],
      schedule: { faults: [evil] },
    });
    expect(html).not.toContain('<img');
    expect(html).not.toContain(evil);
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  test('a history value <script> and a trace field with quotes and ampersands appear only escaped', () => {
    const input = syntheticRun({ hostile: true, ops: 200 });
    expect(input.history.some((op) => op.value === HOSTILE_VALUE)).toBe(true);
    // Make sure the hostile op is drawn and listed: name it in evidence.
    const hostile = input.history.find((op) => op.value === HOSTILE_VALUE && op.type === 'invoke');
    input.result.checkers.linearizability = { valid: false, ops: [hostile?.index], note: HOSTILE_VALUE };
    input.result.stats.weird = HOSTILE_REASON;
    input.trace = [...input.trace, { time: 19_000, type: `zk.${HOSTILE_VALUE}`, owner: HOSTILE_REASON, [HOSTILE_VALUE]: HOSTILE_REASON }];
    const html = renderReport(input);

    expect(html).not.toContain(HOSTILE_VALUE);
    expect(html).not.toContain(HOSTILE_REASON);
    expect(html).not.toContain('<b>bold</b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt; &#39;single&#39;');
    // The only script element is the report's own.
    expect(html.match(/<script/gi)?.length).toBe(1);
    // And the CSP allows only that script, by hash.
    expect(html).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
  });
});
