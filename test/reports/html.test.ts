import { describe, expect, test } from 'vitest';
import { el, fragment, markup, raw, table } from '../../reports/html.ts';

describe('html builder', () => {
  test('text children and attribute values are escaped; markup children pass through', () => {
    const html = markup(el('p', { title: '"><script>', class: 'x' }, '<b>&', el('b', null, 'bold'), raw('<i>ours</i>'), 7));
    expect(html).toBe('<p title="&quot;&gt;&lt;script&gt;" class="x">&lt;b&gt;&amp;<b>bold</b><i>ours</i>7</p>');
  });

  test('false, null and undefined children and attributes are left out; true attributes are bare; void elements have no end tag', () => {
    expect(markup(el('details', { open: true, hidden: false, id: undefined }, false, null, undefined, 'x'))).toBe('<details open>x</details>');
    expect(markup(el('br', null))).toBe('<br>');
    expect(markup(fragment(['a', ['b', el('i', null, 'c')]]))).toBe('ab<i>c</i>');
  });

  test('a table sets numeric columns right-aligned and mono cells apart, and gives rows their ids', () => {
    const html = markup(table([{ title: 'op', cls: 'num' }, { title: 'key', cls: 'mono' }, { title: 'f' }], [[1, '<k>', 'read']], ['op-1']));
    expect(html).toBe('<table><tr><th class="num">op</th><th>key</th><th>f</th></tr><tr id="op-1"><td class="num">1</td><td class="mono">&lt;k&gt;</td><td>read</td></tr></table>');
  });
});
