import { expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../runner/cli.ts';

const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };

test.each([['--version'], ['-V']])('faultline %s prints package.json\'s version and exits 0', async (flag) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([flag], { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  expect({ code, out: out.join(''), err: err.join('') }).toEqual({ code: 0, out: `${version}\n`, err: '' });
});
