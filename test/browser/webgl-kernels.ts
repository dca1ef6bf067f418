/**
 * Runs in the browser (bundled by test/webgl-kernels.test.ts): the gpu backend's kernels on gpu.js's
 * WebGL2 mode — the real GpuBackend, compiled and run as the playground's worker runs it — for the
 * cases the test sends, returning F and the drift for the test to check against the float64
 * reference in Node.
 */
import { GpuBackend, useGpuJs } from '@mfpg/backend-gpu';
import { NeuronUnit, SigmoidActivation, SineActivation, SoftplusActivation, TanhActivation } from '@mfpg/core';
import * as gpuJs from 'gpu.js';

/** One kernel case as plain arrays (structured-cloned from the test). */
export interface WebGlKernelCase {
  readonly activation: string;
  readonly outputBound: number;
  readonly particleCount: number;
  readonly p: number;
  readonly theta: number[];
  readonly points: number[];
  readonly weights: number[];
}

export interface WebGlKernelResult {
  /** What gpu.js ran (the test requires webgl2) and on which renderer. */
  readonly mode: string;
  readonly forward: number[];
  readonly drift: number[];
}

const ACTIVATIONS = { tanh: TanhActivation, sigmoid: SigmoidActivation, softplus: SoftplusActivation, sin: SineActivation } as const;

async function run(cases: readonly WebGlKernelCase[]): Promise<WebGlKernelResult[]> {
  useGpuJs(((gpuJs as { default?: typeof gpuJs }).default ?? gpuJs) as typeof gpuJs);
  const backend = new GpuBackend({ mode: 'webgl2' });
  try {
    const results: WebGlKernelResult[] = [];
    for (const c of cases) {
      const unit = new NeuronUnit(new ACTIVATIONS[c.activation as keyof typeof ACTIVATIONS](), c.outputBound);
      const kernels = backend.compile(unit, c.particleCount, c.p + 2);
      const theta = Float64Array.from(c.theta);
      const points = { count: c.points.length / c.p, dim: c.p, data: Float64Array.from(c.points) };
      const forward = new Float64Array(points.count);
      await kernels.forward(theta, points, forward);
      const drift = new Float64Array(theta.length);
      await kernels.drift(theta, points, Float64Array.from(c.weights), drift);
      results.push({ mode: backend.mode, forward: Array.from(forward), drift: Array.from(drift) });
    }
    return results;
  } finally {
    backend.dispose();
  }
}

(globalThis as { runWebGlKernels?: typeof run }).runWebGlKernels = run;
