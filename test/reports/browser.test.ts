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
import { plantedRun, type PlantedRun } from '../support/planted-run.ts';
import { syntheticRun, writeRunDir } from '../support/synthetic-run.ts';
import { runSeed } from '../../runner/run-seed.ts';
import type { HBaseScenarioSpec } from '../../runner/scenarios/hbase.ts';
import { findScenario } from '../../runner/scenarios/registry.ts';

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

describe('the violation story in chromium', () => {
  let run: PlantedRun | undefined;
  beforeAll(() => {
    run = plantedRun('rs-death', 'assign-before-log-split', 'linearizability');
  });
  afterAll(() => {
    if (run !== undefined) rmSync(run.dir, { recursive: true, force: true });
  });

  test('on a 1400×900 screen the verdict and the start of the story show without scrolling; its links move the timeline cursor', async () => {
    const context = await requireBrowser().newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(pathToFileURL((run as PlantedRun).report).href, { waitUntil: 'load' });
    const inView = async (selector: string) => {
      const box = await page.locator(selector).first().boundingBox();
      expect(box, `${selector} has a layout box`).not.toBeNull();
      return (box as { y: number; height: number }).y + Math.min(40, (box as { height: number }).height) <= 900;
    };
    expect(await inView('.verdict')).toBe(true);
    expect(await inView('#story .sentence')).toBe(true);
    expect(await inView('#story svg.story-chart')).toBe(true);
    const chart = await page.locator('#story svg.story-chart').first().boundingBox();
    expect(chart?.width).toBeGreaterThan(800);
    await page.screenshot({ path: join(shots, 'story.png') });

    // A time in the story moves the main timeline's cursor to it.
    const link = page.locator('#story a.tlink').first();
    const t = Number(await link.getAttribute('data-t'));
    await link.click();
    // Polled through the locator, not waitForFunction: that evaluates a string in the page, which the report's
    // Content-Security-Policy (no 'unsafe-eval') rightly refuses.
    await expect.poll(async () => Number(await page.locator('#timeline .cursor').getAttribute('x1'))).toBeGreaterThan(0);
    const svg = page.locator('#timeline');
    const [t0, t1, x0, w] = await Promise.all(['data-t0', 'data-t1', 'data-x0', 'data-w'].map(async (a) => Number(await svg.getAttribute(a))));
    const expected = (x0 as number) + ((t - (t0 as number)) / ((t1 as number) - (t0 as number))) * (w as number);
    expect(Number(await page.locator('#timeline .cursor').getAttribute('x1'))).toBeCloseTo(expected, 0);
    // Each story operation links to its row in the operations list.
    const opHrefs = await page.locator('#story a[href^="#op-"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(opHrefs.length).toBeGreaterThan(0);
    for (const href of new Set(opHrefs)) expect(await page.locator(href as string).count(), `${href} has a row`).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('the ZooKeeper era in chromium', () => {
  let zkDir: string | undefined;
  let report = '';
  beforeAll(() => {
    zkDir = mkdtempSync(join(tmpdir(), 'faultline-zk-report-'));
    const base = findScenario('failover') as NonNullable<ReturnType<typeof findScenario>>;
    const spec = base.spec as HBaseScenarioSpec;
    report = runSeed({ ...base, spec: { ...spec, cluster: { ...spec.cluster, assignment: 'zk' } } }, 2, { write: 'always', outDir: zkDir }).files['report.html'] as string;
  });
  afterAll(() => {
    if (zkDir !== undefined) rmSync(zkDir, { recursive: true, force: true });
  });

  test('a zk-era run draws RIT znode strips under the regions and a regions-in-transition row, with state tooltips', async () => {
    const context = await requireBrowser().newContext({ viewport: { width: 1560, height: 1000 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
    const strips = page.locator('#regions rect.z-opening');
    expect(await strips.count()).toBeGreaterThan(0);
    const box = await strips.first().boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(1.5);
    expect(box?.height).toBeGreaterThanOrEqual(4);
    expect(await strips.first().locator('title').textContent()).toMatch(/^RIT znode \/hbase\/region-in-transition\/\w+: RS_ZK_REGION_OPENING \(rs-\d,16020,\d+\)/);
    expect(await page.locator('#timeline').innerHTML()).toContain('regions in transition');
    await page.locator('#regions').screenshot({ path: join(shots, 'zk-regions.png') });
    await page.locator('#timeline').screenshot({ path: join(shots, 'zk-timeline.png') });
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
