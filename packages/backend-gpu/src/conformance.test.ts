import { CpuBackend } from '@mfpg/backend-cpu';
import {
  forwardTolerance, driftTolerance, naiveDrift, naiveForward, randomNeuronTheta, randomPoints, torusProductPoints, uniformStream,
} from '../../backend-cpu/src/testing/kernel-reference';
import {
  NeuronUnit, SigmoidActivation, SineActivation, SoftplusActivation, TanhActivation, type ParticleBackend, type PointSet,
} from '@mfpg/core';
import { afterAll, describe, expect, it } from 'vitest';
import { GpuBackend } from './gpu-backend';
import { isGpuModeAvailable } from './gpu-mode';
import { float32DriftTolerance, float32ForwardTolerance } from '../../backend-cpu/src/testing/float32-tolerance';

/**
 * One conformance suite (tfjs style): the same kernel specs on every backend available here —
 * cpu on one thread and on two (float64, tolerance from float64 round-off: forwardTolerance and
 * driftTolerance of backend-cpu testing/kernel-reference.ts, which allow each activation value
 * 8·2^−53·(1 + |ϱ|) and each slope 32·2^−53 against the activation's own methods — for tanh on
 * general points, the float64 WebAssembly SIMD evaluation against Math.tanh, derived ≤ 6·2^−53·(1 + |ϱ|)
 * and ≤ 10·2^−53 relative for the slope, docs/performance.md), cpu with float32 precision (WebAssembly SIMD
 * for tanh on general points) and each gpu.js mode that works (float32 tolerance derived in
 * backend-cpu testing/float32-tolerance.ts). float32 behaviour is exercised by `webasm`
 * (and the GL modes when present); gpu.js `cpu` computes in float64 and rounds only its inputs and
 * outputs, so it meets the float32 bound with room to spare.
 */
interface BackendUnderTest {
  readonly label: string;
  readonly backend: ParticleBackend;
  readonly float32: boolean;
}

const gpuModes = (['cpu', 'webasm', 'headlessgl', 'webgl2'] as const).filter(isGpuModeAvailable);
const gpuBackends = gpuModes.map((mode) => new GpuBackend({ mode }));
const cpuFloat32 = new CpuBackend(undefined, { threads: 2, precision: 'float32', minParallelPairs: 0 });
const cpuThreads = new CpuBackend(undefined, { threads: 2, precision: 'float64', minParallelPairs: 0 });
const backends: BackendUnderTest[] = [
  { label: 'cpu', backend: new CpuBackend(), float32: false },
  { label: 'cpu:2 threads', backend: cpuThreads, float32: false },
  { label: 'cpu:float32', backend: cpuFloat32, float32: true },
  ...gpuBackends.map((backend) => ({ label: `gpu:${backend.mode}`, backend, float32: true })),
];
afterAll(async () => {
  gpuBackends.forEach((backend) => backend.dispose());
  await cpuFloat32.dispose();
  await cpuThreads.dispose();
});

const activations = [new TanhActivation(), new SigmoidActivation(), new SoftplusActivation(), new SineActivation()];
const N = 48;
const p = 4;

function cases(): { name: string; unit: NeuronUnit; theta: Float64Array; points: PointSet; weights: Float64Array }[] {
  const next = uniformStream(7);
  const result = [];
  for (const activation of activations) {
    for (const [shape, points] of [
      ['general points', randomPoints(next, 80, p)],
      ['torus grid 8×8', torusProductPoints(8, 8)],
    ] as const) {
      // |z| up to ~14: past the rational tanh's clamp at 9 and into the tails.
      const theta = randomNeuronTheta(next, N, p, { c: 4, w: 3, b: 2 });
      const weights = Float64Array.from({ length: points.count }, () => (2 * next() - 1) / points.count);
      result.push({ name: `${activation.name}, ${shape}`, unit: new NeuronUnit(activation, 3), theta, points, weights });
    }
  }
  return result;
}

/** `npm run test:gl` names the modes that must be available (else a missing mode is just not run). */
const requiredModes = (process.env.MFPG_REQUIRE_GPU_MODES ?? '').split(',').filter((mode) => mode !== '');
describe.runIf(requiredModes.length > 0)('required gpu.js modes', () => {
  it.each(requiredModes)('%s is available here', (mode) => {
    expect(isGpuModeAvailable(mode as Parameters<typeof isGpuModeAvailable>[0])).toBe(true);
  });
});

describe.each(backends)('kernel conformance on $label', ({ backend, float32 }) => {
  it.each(cases())('forward and drift agree with the float64 reference ($name)', async ({ unit, theta, points, weights }) => {
    const kernels = backend.compile(unit, N, p + 2);
    const f = new Float64Array(points.count);
    await kernels.forward(theta, points, f);
    const g = new Float64Array(N * (p + 2));
    await kernels.drift(theta, points, weights, g);
    const fReference = naiveForward(unit, theta, N, points);
    const gReference = naiveDrift(unit, theta, N, points, weights);
    const fTolerance = float32 ? float32ForwardTolerance(unit, theta, N, points) : forwardTolerance(unit, theta, N, points);
    const gTolerance = float32 ? float32DriftTolerance(unit, theta, N, points, weights) : driftTolerance(unit, theta, N, points, weights);
    for (let j = 0; j < points.count; j++) expect(Math.abs(f[j] - fReference[j])).toBeLessThanOrEqual(fTolerance[j]);
    for (let k = 0; k < g.length; k++) expect(Math.abs(g[k] - gReference[k])).toBeLessThanOrEqual(gTolerance[k]);
    // The bound must be able to fail: far below the size of what it bounds.
    const fScale = Math.max(...fReference.map(Math.abs));
    expect(Math.max(...fTolerance)).toBeLessThan((float32 ? 1e-3 : 1e-10) * fScale);
  });
});
