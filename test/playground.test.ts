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

  /**
   * The page on `query`, started, until step `steps`: every (step, F) pair it showed (read when F's
   * text changes: both are set in the same task, frames.ts), the kernels shown and the URL.
   */
  async function shownPairs(query: string, steps: number, sigma?: string) {
    const { page, errors } = await open(query);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.evaluate(() => {
      const scope = globalThis as unknown as { shown: [string, string][] };
      scope.shown = [];
      const read = () => scope.shown.push([document.querySelector('[data-testid="step"]')?.textContent ?? '', document.querySelector('[data-testid="value"]')?.textContent ?? '']);
      const Observer = (globalThis as unknown as { MutationObserver: new (callback: () => void) => { observe(node: unknown, options: unknown): void } }).MutationObserver;
      new Observer(read).observe(document.querySelector('[data-testid="value"]'), { childList: true, characterData: true, subtree: true });
    });
    if (sigma !== undefined) await page.fill('[data-testid="sigma"]', sigma);
    await page.waitForFunction(() => document.querySelector('[data-testid="backend"]')?.textContent !== 'starting…');
    await page.click('[data-testid="start"]');
    await waitForStep(page, steps, 120_000);
    const shown = (await page.evaluate(() => (globalThis as unknown as { shown: [string, string][] }).shown))
      .filter(([, value]) => value !== '–')
      .map(([step, value]) => ({ step: Number(step), value: Number(value) }));
    const result = {
      shown,
      final: shown.at(-1)?.value ?? Number.NaN,
      mode: await text(page, 'backend'),
      note: await text(page, 'backend-note'),
      runInfo: (await page.textContent('#run-info')) ?? '',
      /** Whether the page (or its worker) fetched gpu.js's chunk. */
      fetchedGpuJs: requested.some((address) => /gpu-browser/.test(address)),
      location: page.url(),
    };
    expect(errors).toEqual([]);
    await page.close();
    return result;
  }

  /** F(ν_n) of the Node packages' run of the same configuration, by step n (the final state included). */
  async function nodeValues(particles: number, horizon: number): Promise<number[]> {
    const { createFlow } = await import('mfpg');
    const { engine } = createFlow({ particles: { count: particles }, flow: { horizon } });
    const values: number[] = [];
    engine.steps$.subscribe((event) => (values[event.step] = event.value));
    await engine.run();
    return values;
  }

  it('every (step, F) the page shows is F of that step in the Node packages; the same seed repeats it, σ set by its slider changes it', async () => {
    // 40 particles, t = 5 (100 steps): several frames in between, small enough to run here and in Node.
    const query = '?n=40&horizon=5&backend=cpu';
    const first = await shownPairs(query, 100);
    const reference = await nodeValues(40, 5);
    // The page shows F with 6 decimals: each shown F is Node's F of the shown step up to that
    // rounding (5e-7; the browser's V8 may differ from Node's in the last ulps, ~1e-15). A frame
    // pairing the step with F of the step before (F moves by ~0.1 per step early on) fails this.
    expect(first.shown.length).toBeGreaterThanOrEqual(3);
    expect(first.shown.at(-1)?.step).toBe(100);
    for (const { step, value } of first.shown) expect(Math.abs(value - reference[step]), `step ${step}`).toBeLessThanOrEqual(5e-7);
    const again = await shownPairs(query, 100);
    expect(again.final).toBe(first.final);
    const noisier = await shownPairs(query, 100, '1.5');
    expect(noisier.final).not.toBe(first.final);
    expect(noisier.location).toContain('sigma=1.5');
  }, 120_000);

  it('?backend=webgl runs gpu.js webgl2 with every shown F near the Node run, or shows why not; auto shows what it picked', async () => {
    const reference = await nodeValues(40, 5);
    const webgl = await shownPairs('?n=40&horizon=5&backend=webgl', 100);
    if (webgl.mode === 'webgl') {
      expect(webgl.note).toBe('');
      expect(webgl.fetchedGpuJs).toBe(true);
      // The float32 kernels err by ε ≤ 5e-7 relative (measured, test/webgl-kernels.test.ts). F
      // reads f through the policy log π = f/τ − log Z (×1/τ = 10 at τ = 0.1) over a discounted
      // horizon (×1/(1 − γ) = 10 for B3's γ = 0.9): |ΔF| ≲ 100·ε·(1 + |F|) = 5e-5·(1 + |F|); twice
      // that allows the drift's float32 error carried by the particles over the 100 steps.
      // Measured: ≤ 1e-6 (the last shown digit). F one step late or another flow is off by > 1e-2.
      for (const { step, value } of webgl.shown) expect(Math.abs(value - reference[step]), `step ${step}`).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(reference[step])));
    } else {
      // No WebGL2 for gpu.js in this browser: the cpu kernels ran, and the page says why.
      expect(webgl.mode).toBe('cpu');
      expect(webgl.note).toMatch(/^\(WebGL2 not used: .+\)$/);
      expect(Math.abs(webgl.final - reference[100])).toBeLessThanOrEqual(5e-7);
    }
    // auto (the default) takes WebGL2 on a GPU and passes over WebGL2 emulated in software
    // (SwiftShader, as in headless CI: slower than the cpu kernels), saying so.
    const auto = await shownPairs('?n=40&horizon=1', 20);
    if (webgl.mode === 'webgl' && /swiftshader|llvmpipe|software/i.test(webgl.runInfo)) {
      expect(auto.mode).toBe('cpu');
      expect(auto.note).toMatch(/software renderer.*choose webgl/);
      // Decided from the renderer's name alone: gpu.js (146 KiB gzip) is not even downloaded.
      expect(auto.fetchedGpuJs).toBe(false);
    } else {
      expect(auto.mode).toBe(webgl.mode);
    }
  }, 180_000);

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
