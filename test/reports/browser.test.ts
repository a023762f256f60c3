/**
 * The report in a real browser (Debian's chromium through playwright-core; never a downloaded one): it loads
 * without console errors, its charts have a size, its script runs under its own CSP, a hostile value does not
 * execute, and it still reads with JavaScript off. Chromium missing is a failure, not a skip: CI installs it.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeReport } from '../../reports/index.ts';
import { syntheticRun, writeRunDir } from '../support/synthetic-run.ts';

/** Debian's package path; FAULTLINE_CHROMIUM points elsewhere on other systems. */
const CHROMIUM = process.env.FAULTLINE_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let browser: Browser | undefined;
/** Why there is no browser; each test fails with it (a failed beforeAll would only mark the tests skipped). */
let missing: Error | undefined;
let dir: string | undefined;
let url = '';
/** Screenshots stay here for a person to look at. */
const shots = join(tmpdir(), 'faultline-report-screenshots');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-report-browser-'));
  writeRunDir(dir, syntheticRun({ hostile: true, doubleAssign: true, ops: 600 }));
  url = pathToFileURL(writeReport(dir)).href;
  mkdirSync(shots, { recursive: true });
  if (!existsSync(CHROMIUM)) {
    missing = new Error(`chromium not found at ${CHROMIUM}: the report's browser test needs it — run \`apt-get update && apt-get install -y chromium\` (CI's .ci/run does)`);
    return;
  }
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  } catch (error) {
    missing = new Error(`chromium at ${CHROMIUM} did not start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
});

afterAll(async () => {
  await browser?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

function requireBrowser(): Browser {
  if (browser === undefined) throw missing ?? new Error('chromium did not start');
  return browser;
}

async function open(javaScriptEnabled: boolean): Promise<{ page: Page; problems: string[] }> {
  const context = await requireBrowser().newContext({ javaScriptEnabled, viewport: { width: 1560, height: 1000 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog opened (an injected script ran): ${d.message()}`);
    void d.dismiss();
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}

describe('report in chromium', () => {
  test('loads without console errors and draws the timeline and region chart at a real size', async () => {
    const { page, problems } = await open(true);
    for (const id of ['#timeline', '#regions']) {
      const box = await page.locator(id).boundingBox();
      expect(box, `${id} has a layout box`).not.toBeNull();
      expect(box?.width).toBeGreaterThan(1000);
      expect(box?.height).toBeGreaterThan(100);
    }
    // The lanes are real, rendered shapes, not empty markup.
    const bars = await page.locator('#timeline rect.s-initialized').count();
    expect(bars).toBeGreaterThan(0);
    const barBox = await page.locator('#timeline rect.s-initialized').first().boundingBox();
    expect(barBox?.width).toBeGreaterThan(10);

    // The script ran (the CSP admits it): the time cursor follows the mouse across both charts.
    const box = (await page.locator('#timeline').boundingBox()) as { x: number; y: number; width: number; height: number };
    await page.mouse.move(box.x + box.width / 2, box.y + 60);
    expect(Number(await page.locator('#timeline .cursor').getAttribute('x1'))).toBeGreaterThan(100);
    expect(Number(await page.locator('#regions .cursor').getAttribute('x1'))).toBeGreaterThan(100);
    expect(await page.locator('#timeline .cursor-t').textContent()).toMatch(/\d+(\.\d+)? (ms|s)$/);

    // The hostile value is shown as text.
    expect(await page.locator('body').innerText()).toContain('<script>alert(1)</script>');

    await page.locator('#timeline').screenshot({ path: join(shots, 'timeline.png') });
    await page.screenshot({ path: join(shots, 'page.png'), fullPage: true });
    expect(statSync(join(shots, 'timeline.png')).size).toBeGreaterThan(10_000);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  test('reads with JavaScript off', async () => {
    const { page, problems } = await open(false);
    const box = await page.locator('#timeline').boundingBox();
    expect(box?.height).toBeGreaterThan(100);
    expect(await page.locator('.verdict').innerText()).toContain('VIOLATION');
    expect(await page.locator('#repro').innerText()).toBe('npx faultline run --scenario failover --seed 1');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
