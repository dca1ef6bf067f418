/**
 * The gpu backend's kernels on gpu.js's WebGL2 mode, in a real browser: Debian's chromium (driven
 * by playwright-core) with WebGL2 rendered by SwiftShader (`--use-angle=swiftshader
 * --enable-unsafe-swiftshader`, so a machine without a GPU, as CI, has WebGL2; only this test uses
 * these flags). The real GpuBackend runs in the page (test/browser/webgl-kernels.ts, bundled here
 * with the playground's Node stand-ins) on the cases below; F and the drift must agree with the
 * float64 reference kernels in Node within the float32 round-off bound of backend-cpu's
 * testing/float32-tolerance.ts: z from float32 θ and x and p + 1 float32 operations
 * (|Δz| ≤ 2(p + 3)·u·(|b| + Σ|w x|)), each activation value within 16·u·(1 + |ϱ|) and slope within
 * 32·u (rational tanh ≤ 6 ulps, the float32 sine ≤ 2^−23 = 2·u, plus roundings), sums of n terms
 * 3(n + 2)·u per unit term, u = 2^−24. That is the WebGL2 path the playground's worker runs.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NeuronUnit, outputWeight, SigmoidActivation, SineActivation, SoftplusActivation, TanhActivation, type PointSet } from '@mfpg/core';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { float32DriftTolerance, float32ForwardTolerance } from '../packages/backend-cpu/src/testing/float32-tolerance';
import {
  naiveDrift, naiveForward, randomNeuronTheta, randomPoints, torusProductPoints, uniformStream,
} from '../packages/backend-cpu/src/testing/kernel-reference';
import type { WebGlKernelCase, WebGlKernelResult } from './browser/webgl-kernels';

const CHROMIUM = '/usr/bin/chromium';
const root = fileURLToPath(new URL('..', import.meta.url));
const inCi = process.env.CI === 'true';
const haveChromium = existsSync(CHROMIUM);

/** The browser entry with its imports, Node built-ins replaced as in the playground (packages/playground/vite.config.ts). */
async function bundle(): Promise<string> {
  const stub = (file: string) => fileURLToPath(new URL(`../packages/playground/src/node-stubs/${file}.ts`, import.meta.url));
  const stubs = { fs: 'fs', path: 'path', os: 'os', worker_threads: 'worker-threads', module: 'module' };
  const alias: Record<string, string> = { vega: stub('charting'), 'vega-lite': stub('charting'), '@resvg/resvg-js': stub('charting') };
  for (const [name, file] of Object.entries(stubs)) alias[name] = alias[`node:${name}`] = stub(file);
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['test/browser/webgl-kernels.ts'],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    alias,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

interface KernelCase {
  readonly name: string;
  readonly unit: NeuronUnit;
  readonly theta: Float64Array;
  readonly points: PointSet;
  readonly weights: Float64Array;
}

/** The backend conformance cases (packages/backend-gpu/src/conformance.test.ts) plus the playground's default step size. */
function cases(): KernelCase[] {
  const next = uniformStream(11);
  const result: KernelCase[] = [];
  const p = 4;
  for (const activation of [new TanhActivation(), new SigmoidActivation(), new SoftplusActivation(), new SineActivation()]) {
    for (const [shape, points] of [
      ['general points', randomPoints(next, 80, p)],
      ['torus grid 8×8', torusProductPoints(8, 8)],
    ] as const) {
      // |z| up to ~14: past the rational tanh's clamp and over several periods of the sine.
      const theta = randomNeuronTheta(next, 48, p, { c: 4, w: 3, b: 2 });
      const weights = Float64Array.from({ length: points.count }, () => (2 * next() - 1) / points.count);
      result.push({ name: `${activation.name}, N = 48, ${shape}`, unit: new NeuronUnit(activation, 3), theta, points, weights });
    }
  }
  // The default playground flow's sizes: B3, N = 1000 particles on the 64 × 64 torus grid.
  const points = torusProductPoints(64, 64);
  const theta = randomNeuronTheta(next, 1000, p, { c: 2, w: 1, b: 1 });
  const weights = Float64Array.from({ length: points.count }, () => (2 * next() - 1) / points.count);
  result.push({ name: 'tanh, N = 1000, torus grid 64×64 (B3)', unit: new NeuronUnit(new TanhActivation(), 3), theta, points, weights });
  return result;
}

/** max_j (1/N) Σ_i |ℓ(c_i) ϱ(z_ij)|: the size of the terms F sums. */
function termScale(unit: NeuronUnit, theta: Float64Array, n: number, points: PointSet): number {
  const p = points.dim;
  const d = p + 2;
  let worst = 0;
  for (let j = 0; j < points.count; j++) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      let z = theta[i * d + p + 1];
      for (let k = 0; k < p; k++) z += theta[i * d + 1 + k] * points.data[j * p + k];
      sum += Math.abs(outputWeight(theta[i * d], unit.outputBound) * unit.activation.value(z));
    }
    worst = Math.max(worst, sum / n);
  }
  return worst;
}

const plain = (c: KernelCase): WebGlKernelCase => ({
  activation: c.unit.activation.name,
  outputBound: c.unit.outputBound,
  particleCount: c.theta.length / (c.points.dim + 2),
  p: c.points.dim,
  theta: Array.from(c.theta),
  points: Array.from(c.points.data.subarray(0, c.points.count * c.points.dim)),
  weights: Array.from(c.weights),
});

describe.skipIf(!haveChromium && !inCi)('gpu backend kernels on WebGL2 in chromium (SwiftShader)', () => {
  let browser: Browser;
  const all = cases();
  let results: WebGlKernelResult[];

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`no chromium at ${CHROMIUM}: .ci/run installs it (apt-get install -y chromium)`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.setContent('<!doctype html><title>webgl kernels</title>');
    await page.addScriptTag({ content: await bundle(), type: 'module' });
    await page.waitForFunction(() => 'runWebGlKernels' in globalThis);
    results = await page.evaluate(
      (input) => (globalThis as unknown as { runWebGlKernels(cases: WebGlKernelCase[]): Promise<WebGlKernelResult[]> }).runWebGlKernels(input),
      all.map(plain),
    );
    expect(errors).toEqual([]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('gpu.js ran its webgl2 mode', () => {
    expect(results.map((result) => result.mode)).toEqual(all.map(() => 'webgl2'));
  });

  it.each(all.map((c, k) => ({ ...c, k })))('F and the drift agree with the float64 reference within float32 round-off ($name)', ({ unit, theta, points, weights, k }) => {
    const n = theta.length / (points.dim + 2);
    const { forward, drift } = results[k];
    const fReference = naiveForward(unit, theta, n, points);
    const gReference = naiveDrift(unit, theta, n, points, weights);
    const fTolerance = float32ForwardTolerance(unit, theta, n, points);
    const gTolerance = float32DriftTolerance(unit, theta, n, points, weights);
    for (let j = 0; j < points.count; j++) expect(Math.abs(forward[j] - fReference[j]), `f[${j}]`).toBeLessThanOrEqual(fTolerance[j]);
    for (let i = 0; i < drift.length; i++) expect(Math.abs(drift[i] - gReference[i]), `drift[${i}]`).toBeLessThanOrEqual(gTolerance[i]);
    // The bound must be able to fail: far below the size of the terms it sums (tried: the sine off
    // by 1e-4 relative, or by 1e-3 absolute as GLSL's sin can be, fails it). Measured here:
    // |error| ≤ 4.8e-7 of max |F| and of max |drift| for N = 48, 2.1e-6 for N = 1000 (where F's
    // sums cancel to 1/30 of their terms), i.e. ≤ 0.7 % of the bound.
    const fTerms = termScale(unit, theta, n, points);
    expect(Math.max(...fTolerance)).toBeLessThan(1e-3 * fTerms);
  });
});
