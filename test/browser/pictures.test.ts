/// <reference lib="dom" />
/**
 * The report, the SVG and the Mermaid output in a real browser: Debian's Chromium, driven by playwright-core
 * (`.ci/run` installs chromium when it is missing). Each page is opened from disk; every test also asserts that the
 * page logged no error, made no request beyond its own file, and opened no dialog (the XSS fixtures call alert).
 * Screenshots go to test-output/ for a person to look at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runCli } from '../../src/cli/run.js';
import { loadModel } from '../../src/load/index.js';
import { Simulator } from '../../src/sim/engine.js';
import { buildScene, markPath, toMermaid } from '../../src/report/picture/index.js';
import { modelOf } from '../helpers/model.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = resolve('test-output');
const dir = mkdtempSync(join(tmpdir(), 'vpcreach-browser-'));
let browser: Browser;

async function cli(args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const code = await runCli(args, { out: () => undefined, err: (s) => (err += s) });
  return { code, err };
}

/** A page that records what must not happen: console errors, uncaught errors, requests off the disk, dialogs. */
async function openPage(options: { colorScheme?: 'light' | 'dark' } = {}): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, colorScheme: options.colorScheme ?? 'light' });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:') && !r.url().startsWith('data:') && r.url() !== 'about:blank') problems.push(`request: ${r.url()}`);
  });
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return { page, problems };
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium), or set CHROMIUM_PATH`);
  mkdirSync(OUT, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
});

describe('vpcreach report in Chromium', () => {
  const file = join(dir, 'report.html');
  beforeAll(async () => {
    const r = await cli(['report', 'test/fixtures/failing-scenario.yaml', 'scenarios/seed-elb.yaml', 'scenarios/missing-vpcep-rule.yaml', '-o', file]);
    expect(r.err).toContain('wrote');
  });

  it('shows the summary; a click on a failing expectation draws its path and where it stopped, with the code', async () => {
    const { page, problems } = await openPage();
    await page.goto(pathToFileURL(file).href);
    const count = (name: string) => page.locator(`[data-count="${name}"]`).textContent();
    expect([await count('total'), await count('passed'), await count('failed'), await count('errors')]).toEqual(['9', '6', '2', '1']);
    // The first expectation that did not pass is selected on opening.
    await expect.poll(() => page.locator('button.x[aria-pressed="true"]').textContent()).toContain('backend group: works <sometimes>');
    await page.getByRole('button', { name: /shared members all deliver/ }).click();
    const picture = page.locator('.picture:not([hidden])');
    await expect.poll(() => picture.count()).toBe(1);
    expect(await picture.locator('h2').textContent()).toContain('models/misconfigurations/model.yaml');
    // Fitted to the page, the topology shrinks to three quarters of its size at most (its labels stay readable) and scrolls.
    const sizes = await picture
      .locator('svg')
      .first()
      .evaluate((e) => [(e as SVGSVGElement).width.baseVal.value, e.getBoundingClientRect().width]);
    expect(sizes[1]!).toBeGreaterThanOrEqual(Math.floor(sizes[0]! * 0.75));
    // Both member paths: one delivered, one stopped at its security group.
    expect(await picture.locator('.node.stopped').getAttribute('data-key')).toBe('ecs-member-bad');
    expect(await picture.locator('.node.stopped .code').textContent()).toBe('✗ SG_INGRESS_DENIED');
    expect(await picture.locator('.node.delivered').getAttribute('data-key')).toBe('ecs-member-ok');
    expect(await picture.locator('.edge.stopped').getAttribute('data-to')).toBe('ecs-member-bad');
    expect(await picture.locator('.node.path').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')))).toEqual(
      expect.arrayContaining(['ecs-client', 'ep-shared', 'svc-shared', 'elb-shared', 'l-shared-82-mixed']),
    );
    expect(await picture.locator('figcaption').textContent()).toBe('ecs-client → ep-shared tcp/82: partial (SG_INGRESS_DENIED at sg-no-ingress)');
    // The trace table of that expectation, with the deciding rule's file and line.
    const detail = page.locator('article.detail:not([hidden])');
    expect(await detail.locator('h2').textContent()).toBe('shared members all deliver');
    expect(await detail.locator('table.trace').count()).toBe(2);
    expect(await detail.locator('td.decision.deny').first().textContent()).toBe('deny');
    expect(await detail.textContent()).toMatch(/models\/misconfigurations\/model\.yaml:\d+:\d+/);
    // Marks of the previous selection are gone: one stopped node in the topology.
    expect(await page.locator('.picture .node.stopped').count()).toBe(1);
    // The path drawn alone, in the expectation's detail, with the same stop.
    const view = detail.locator('figure.path-view');
    expect(await view.locator('.node.stopped').getAttribute('data-key')).toBe('ecs-member-bad');
    expect(await view.locator('.edge.stopped path').evaluate((e) => getComputedStyle(e).stroke)).toBe('rgb(207, 34, 46)');
    await view.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUT, 'report-path-view.png') });
    await page.screenshot({ path: join(OUT, 'report-failing.png') });
    expect(problems).toEqual([]);
  });

  it('is keyboard-navigable: arrow keys move the selection and the focus', async () => {
    const { page, problems } = await openPage();
    await page.goto(pathToFileURL(file).href);
    const selected = page.locator('button.x[aria-pressed="true"]');
    await selected.focus();
    const before = await selected.getAttribute('data-x');
    await page.keyboard.press('ArrowDown');
    const after = await page.locator('button.x[aria-pressed="true"]').getAttribute('data-x');
    expect(after).not.toBe(before);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-x'))).toBe(after);
    await page.keyboard.press('End');
    expect(await page.locator('button.x[aria-pressed="true"]').textContent()).toContain('backend group without 198.19.128.0/17 drops VPCEP traffic');
    // Only the selected expectation is in the tab order.
    expect(await page.locator('button.x[tabindex="0"]').count()).toBe(1);
    // The picture fits the width; "actual size" shows it unscaled.
    const picture = page.locator('.picture:not([hidden])');
    const svg = picture.locator('svg');
    const natural = Number(await svg.getAttribute('width'));
    await picture.locator('button.zoom').press('Enter');
    expect(await picture.locator('button.zoom').getAttribute('aria-pressed')).toBe('true');
    expect(Math.round((await svg.boundingBox())!.width)).toBe(natural);
    expect(problems).toEqual([]);
  });

  it('reads in dark mode, and prints every trace', async () => {
    const { page, problems } = await openPage({ colorScheme: 'dark' });
    await page.goto(pathToFileURL(file).href);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(13, 17, 23)');
    const fg = await page.evaluate(() => getComputedStyle(document.body).color);
    expect(fg).toBe('rgb(230, 237, 243)');
    await page.screenshot({ path: join(OUT, 'report-dark.png') });
    await page.emulateMedia({ media: 'print' });
    const shown = await page.locator('article.detail').evaluateAll((els) => els.filter((e) => getComputedStyle(e).display !== 'none').length);
    expect(shown).toBe(await page.locator('article.detail').count());
    expect(await page.locator('nav').evaluate((e) => getComputedStyle(e).display)).toBe('none');
    expect(problems).toEqual([]);
  });

  it('the hostile fixtures show as text and run nothing', async () => {
    const hostile = join(dir, 'hostile.html');
    await cli(['report', 'test/fixtures/report/', '-o', hostile]);
    const { page, problems } = await openPage();
    await page.goto(pathToFileURL(hostile).href);
    await page.getByRole('button', { name: /fails/ }).click();
    expect(await page.locator('img, iframe, object, embed').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(2);
    expect(await page.locator('.picture:not([hidden]) .node.path').first().getAttribute('data-key')).toBe('<img src=x onerror=alert(1)>');
    expect(await page.locator('article.detail:not([hidden]) h2').textContent()).toBe('</script><script>alert(6)</script> fails');
    await page.locator('button.x').nth(1).hover();
    await page.screenshot({ path: join(OUT, 'report-hostile.png') });
    expect(problems).toEqual([]);
  });
});

describe('vpcreach report --diff in Chromium', () => {
  it('opens on the lost change, drawn where it now stops; a click shows the gained one delivered', async () => {
    const file = join(dir, 'diff.html');
    expect((await cli(['report', '--diff', 'models/misconfigurations/model.yaml', 'test/fixtures/report/diff/after.yaml', '-o', file])).code).toBe(0);
    const { page, problems } = await openPage();
    await page.goto(pathToFileURL(file).href);
    expect(await page.locator('[data-count="gained"]').textContent()).toBe('1');
    const picture = page.locator('.picture:not([hidden])');
    expect(await picture.locator('.node.stopped').getAttribute('data-key')).toBe('ecs-client');
    expect(await picture.locator('.node.stopped .code').textContent()).toBe('✗ SG_EGRESS_DENIED');
    await page.getByRole('button', { name: /gained/ }).click();
    expect(await picture.locator('.node.delivered').getAttribute('data-key')).toBe('ecs-partial');
    expect(await picture.locator('.node.stopped').count()).toBe(0);
    expect(await picture.locator('figcaption').textContent()).toBe('ecs-client → ep-partial-sg tcp/80: reachable (DELIVERED at ecs-partial)');
    await page.screenshot({ path: join(OUT, 'report-diff.png') });
    expect(problems).toEqual([]);
  });
});

describe('pictures in Chromium', () => {
  it('the SVG of vpcreach graph: the failing edge and node are drawn red', async () => {
    const svg = join(dir, 'path.svg');
    const r = await cli([
      'graph',
      'models/missing-vpcep-rule/model.yaml',
      '--from',
      'ecs-client',
      '--to',
      'ep-api',
      '--port',
      '80',
      '--format',
      'svg',
      '-o',
      svg,
    ]);
    expect(r.code).toBe(0);
    const { page, problems } = await openPage();
    await page.goto(pathToFileURL(svg).href);
    const stopped = page.locator('.node.stopped');
    expect(await stopped.getAttribute('data-key')).toBe('ecs-api');
    expect(await stopped.locator('rect').evaluate((e) => getComputedStyle(e).stroke)).toBe('rgb(207, 34, 46)');
    expect(await page.locator('.edge.stopped path').evaluate((e) => getComputedStyle(e).stroke)).toBe('rgb(207, 34, 46)');
    await page.screenshot({ path: join(OUT, 'graph-missing-vpcep-rule.png') });
    expect(problems).toEqual([]);
  });

  it('the Mermaid of the seed setup renders with the mermaid package; the failing edge is red and carries its code', async () => {
    const m = modelOf(loadModel('models/seed-elb/model.yaml'))!;
    const t = new Simulator(m).trace({ from: 'ecs-client', to: 'ep-web', port: 80 });
    if (!t.ok) throw new Error(t.error.message);
    const { scene, marks } = markPath(buildScene(m), t.value);
    const chart = toMermaid(scene, marks);
    const page0 = join(dir, 'mermaid.html');
    writeFileSync(page0, '<!doctype html><html><head><meta charset="utf-8"><title>mermaid</title></head><body><div id="out"></div></body></html>');
    const { page, problems } = await openPage();
    await page.goto(pathToFileURL(page0).href);
    const require = createRequire(import.meta.url);
    await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
    const svg = await page.evaluate(async (text) => {
      const w = window as unknown as { mermaid: { initialize(c: object): void; render(id: string, t: string): Promise<{ svg: string }> } };
      w.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
      const { svg } = await w.mermaid.render('chart', text);
      document.getElementById('out')!.innerHTML = svg;
      return svg;
    }, chart);
    expect(svg).toContain('NO_PORT_MAPPING');
    // The failing edge: linkStyle puts the red stroke on its path.
    const red = await page.locator('#out path[style*="#cf222e"], #out path[style*="207, 34, 46"]').count();
    expect(red).toBe(1);
    expect(await page.locator('#out g.node.stopped').count()).toBe(1);
    expect(await page.locator('#out g.node.stopped').textContent()).toContain('ep-web');
    expect(await page.locator('#out .cluster').count()).toBe(6);
    await page.screenshot({ path: join(OUT, 'mermaid-seed.png') });
    expect(problems).toEqual([]);
  });
});
