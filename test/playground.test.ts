/**
 * The browser playground (packages/playground) in a real browser: Debian's chromium driven by
 * playwright-core, against the built site served by `vite preview` on 127.0.0.1. `.ci/run` installs
 * chromium; where it is missing the suite is skipped locally and fails under CI=true.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type ConsoleMessage, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ENVIRONMENT_CODE } from '../packages/playground/src/environment-code';
import { freshDirectory, readJsonl, runCli } from './helpers';

/** The page's document, as the callbacks run inside it use it (this file is type-checked without the DOM library). */
declare const document: { querySelector(selector: string): { textContent: string | null } | null };

const CHROMIUM = '/usr/bin/chromium';
const root = fileURLToPath(new URL('../packages/playground/', import.meta.url));
const artifacts = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const inCi = process.env.CI === 'true';
const haveChromium = existsSync(CHROMIUM);

describe.skipIf(!haveChromium && !inCi)('playground in chromium', () => {
  let server: PreviewServer;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`no chromium at ${CHROMIUM}: .ci/run installs it (apt-get install -y chromium)`);
    await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'error' });
    server = await preview({ root, configFile: join(root, 'vite.config.ts'), preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'error' });
    url = (server.resolvedUrls?.local ?? [])[0];
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A page on `query` that records console errors and uncaught exceptions. */
  async function open(query: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
    const errors: string[] = [];
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${url}${query}`);
    return { page, errors };
  }

  const text = async (page: Page, testId: string) => (await page.textContent(`[data-testid="${testId}"]`)) ?? '';
  const stepOf = async (page: Page) => Number(await text(page, 'step'));
  /** Waits until the step counter reaches `step` (the run's last step when it is the horizon). */
  const waitForStep = (page: Page, step: number, timeout = 30_000) =>
    page.waitForFunction((target) => Number(document.querySelector('[data-testid="step"]')?.textContent) >= target, step, { timeout });

  it('autostart runs the default B3 flow (N = 1000): F and the step change, no console errors; screenshot', async () => {
    const { page, errors } = await open('?autostart=1&replicas=1');
    await waitForStep(page, 5);
    const first = { step: await stepOf(page), value: await text(page, 'value') };
    await waitForStep(page, first.step + 10);
    const later = { step: await stepOf(page), value: await text(page, 'value') };
    expect(later.step).toBeGreaterThan(first.step);
    expect(Number.isFinite(Number(later.value))).toBe(true);
    expect(later.value).not.toBe(first.value);
    // No policy does better than the regularised optimum of the grid MDP (docs/math.md §1): F ≤ V*(ρ).
    expect(Number(later.value)).toBeLessThan(Number(await text(page, 'optimum')));
    // The two coupled replicas start from different laws ν_0: W2 between them is positive.
    await page.click('[data-testid="w2"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="w2-value"]')?.textContent !== '–', undefined, { timeout: 30_000 });
    expect(Number((await text(page, 'w2-value')).split(' ')[0])).toBeGreaterThan(0);
    // σ moved while it runs: the same run continues (the step goes on from where it was).
    const before = await stepOf(page);
    await page.fill('[data-testid="sigma"]', '1');
    await waitForStep(page, before + 5);
    expect(page.url()).toContain('sigma=1');
    await page.click('[data-testid="pause"]');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'playground.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(await page.isHidden('[data-testid="error"]')).toBe(true);
    await page.close();
  }, 60_000);

  it('F matches the Node packages, the same seed repeats it, and σ set by its slider changes the trajectory', async () => {
    // 40 particles, t = 1 (20 steps): small enough to run three times here and once in Node.
    const query = '?n=40&horizon=1&backend=cpu';
    const finalValue = async (sigma?: string) => {
      const { page, errors } = await open(query);
      if (sigma !== undefined) await page.fill('[data-testid="sigma"]', sigma);
      await page.click('[data-testid="start"]');
      await waitForStep(page, 20);
      await page.waitForFunction(() => document.querySelector('[data-testid="value"]')?.textContent !== '–');
      const value = await text(page, 'value');
      const location = page.url();
      expect(errors).toEqual([]);
      await page.close();
      return { value, location };
    };
    const first = await finalValue();
    const again = await finalValue();
    const noisier = await finalValue('1.5');
    expect(again.value).toBe(first.value);
    expect(noisier.value).not.toBe(first.value);
    expect(noisier.location).toContain('sigma=1.5');

    const { createFlow } = await import('mfpg');
    const { engine } = createFlow({ particles: { count: 40 }, flow: { horizon: 1 } });
    let value = Number.NaN;
    engine.steps$.subscribe((event) => (value = event.value));
    await engine.run();
    // The page shows F with 6 decimals: the same flow gives the same number up to that rounding.
    expect(Math.abs(Number(first.value) - value)).toBeLessThanOrEqual(5e-7);
  }, 60_000);

  it('the downloaded run files: config.json runs unchanged with `mfpg run`, to the same metrics.jsonl', async () => {
    const { page } = await open('?n=40&horizon=1&backend=cpu&autostart=1');
    await waitForStep(page, 20);
    const downloads: Record<string, string> = {};
    const directory = freshDirectory('mfpg-playground-');
    page.on('download', async (download) => {
      const path = join(directory, download.suggestedFilename());
      await download.saveAs(path);
      downloads[download.suggestedFilename()] = readFileSync(path, 'utf8');
    });
    await page.click('[data-testid="download"]');
    await expect.poll(() => Object.keys(downloads).sort(), { timeout: 15_000 }).toEqual(['config.json', 'metrics.jsonl', 'particles.json']);
    await page.close();
    const particles = JSON.parse(downloads['particles.json']) as { step: number; particleCount: number; theta: number[][] };
    expect(particles).toMatchObject({ step: 20, particleCount: 40 });

    const out = join(directory, 'cli');
    const result = await runCli(['run', join(directory, 'config.json'), '--out', out, '--no-progress']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readFileSync(join(out, 'config.json'), 'utf8')).toBe(downloads['config.json']);
    // The same code in another JavaScript engine: Chromium's V8 may round a transcendental function
    // (Math.exp, Math.tanh) differently in the last ulp from Node's, and 20 steps of the flow carry
    // such differences as round-off. Measured here: 1–2 ulps; allowed: 1e-12 relative (~10⁴ ulps),
    // far below what a different flow changes (another seed or σ moves F in the first digits).
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
    const cliRows = readJsonl(join(out, 'metrics.jsonl'));
    const pageRows = downloads['metrics.jsonl'].trim().split('\n').map((line) => JSON.parse(line) as Record<string, number>);
    expect(pageRows.map((row) => Object.keys(row))).toEqual(cliRows.map((row) => Object.keys(row)));
    pageRows.forEach((row, k) => {
      for (const key of Object.keys(row)) expect(close(row[key], cliRows[k][key]), `row ${k} ${key}: ${row[key]} vs ${cliRows[k][key]}`).toBe(true);
    });
    const cliParticles = JSON.parse(readFileSync(join(out, 'particles.json'), 'utf8')) as typeof particles;
    expect(cliParticles.step).toBe(particles.step);
    particles.theta.flat().forEach((value, k) => expect(close(value, cliParticles.theta.flat()[k]), `θ ${k}`).toBe(true));
  }, 60_000);

  it('code in a link waits for Apply', async () => {
    const code = 'return { id: "from-a-link" };';
    const { page, errors } = await open(`?env=custom&code=${encodeURIComponent(code)}`);
    await page.waitForSelector('[data-testid="link-note"]', { state: 'visible' });
    expect(await page.textContent('[data-testid="code"]')).toContain('from-a-link');
    await page.click('[data-testid="start"]');
    await page.waitForTimeout(300);
    expect(await text(page, 'step')).toBe('0');
    // Applied, it runs and is found wanting (no spaces, no features…): said beside the code.
    await page.click('[data-testid="apply"]');
    await expect.poll(() => page.textContent('[data-testid="env-error"]'), { timeout: 15_000 }).toMatch(/not an Environment: stateSpace/);
    expect(await page.isHidden('[data-testid="link-note"]')).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 30_000);

  it('an edited environment with a bug shows the error next to the code, not a blank page', async () => {
    const { page } = await open('?env=custom');
    await page.waitForSelector('[data-testid="code"]');
    const code = DEFAULT_ENVIRONMENT_CODE;
    // A reward that is NaN: the engine's environment check names the environment before any step.
    await page.fill('[data-testid="code"]', code.replace(/reward\(s, a\) \{[^\n]*\}/, 'reward(s, a) { return Number.NaN; }'));
    await page.click('[data-testid="apply"]');
    const error = page.locator('[data-testid="env-error"]');
    await expect.poll(() => error.textContent(), { timeout: 15_000 }).toMatch(/two-mode-bandit.*reward|reward.*two-mode-bandit/is);
    expect(await error.isVisible()).toBe(true);
    // Code that does not even parse: the same place, with the parser's message.
    await page.fill('[data-testid="code"]', 'return {');
    await page.click('[data-testid="apply"]');
    await expect.poll(() => error.textContent(), { timeout: 15_000 }).toMatch(/does not compile/);
    expect(await page.isVisible('[data-testid="start"]')).toBe(true);
    // The fixed code runs.
    await page.fill('[data-testid="code"]', code);
    await page.click('[data-testid="apply"]');
    await page.click('[data-testid="start"]');
    await waitForStep(page, 10);
    expect(await error.isHidden()).toBe(true);
    await page.close();
  }, 60_000);
});
