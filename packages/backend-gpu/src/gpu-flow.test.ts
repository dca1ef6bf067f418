import { ConfigError, NeuronUnit, type StepEvent } from '@mfpg/core';
import { createFlow } from 'mfpg';
import { describe, expect, it } from 'vitest';
import { GpuBackend } from './gpu-backend';
import { availableGpuModes } from './gpu-mode';

/** The value trajectory F(ν_t) of a 40-step B3 flow (controlled torus, docs/math.md §7) on a backend. */
async function valueTrajectory(backend: Record<string, unknown>, { particles = 64, side = 16 } = {}): Promise<number[]> {
  const { engine } = createFlow({
    backend,
    particles: { count: particles },
    env: { grid: { states: side, actions: side } },
    flow: { horizon: 40 * 0.05 },
  });
  const values: number[] = [];
  const subscription = engine.steps$.subscribe((event: StepEvent) => values.push(event.value));
  await engine.run({ yieldEveryMs: 1e9 });
  subscription.unsubscribe();
  return values;
}

describe('float32 backends in a flow', () => {
  it('a B3 flow on gpu:webasm (float32) tracks the cpu (float64) value trajectory to 5e−6 relative', async () => {
    // Same seed, same noise: the paths differ only by the float32 kernel errors, ≤ ~3(M + 2)·2^−24
    // ≈ 5e−5 relative to Σ|W ∇φ| per step (conformance.test.ts's bound with M = 256). F is a smooth
    // function of the particles, and over 40 steps of dt = 0.05 the drift's Lipschitz growth is
    // O(1) (t = 2). Round-off errors of random sign add like √M·u ≈ 1e−6 rather than the worst case
    // M·u, so 5e−6·(1 + |F|) sits between the typical and the worst case (measured: 4.7e−8).
    const reference = await valueTrajectory({ name: 'cpu', params: {} });
    const float32 = await valueTrajectory({ name: 'gpu', params: { mode: 'webasm' } });
    expect(float32).toHaveLength(reference.length);
    for (let n = 0; n < reference.length; n++) {
      expect(Math.abs(float32[n] - reference[n])).toBeLessThanOrEqual(5e-6 * (1 + Math.abs(reference[n])));
    }
    // Not vacuous: float32 arithmetic really ran (identical values would mean float64 underneath).
    expect(float32.some((value, n) => value !== reference[n])).toBe(true);
  });

  it('a B3 flow on cpu with precision float32 (f32x4 product-grid kernels) tracks float64 to 5e−6 relative, 1 and 2 threads alike', async () => {
    // The same argument at M = 1024 (N = 200, 32×32): per step within the float32 round-off model
    // (16·2^−24 per activation value, 3(M + 2)·2^−24 ≈ 1.8e−4 per summed term relative to
    // Σ|W ∇φ|), errors of random sign adding like √M·u ≈ 2e−6 (measured: 7.3e−8).
    const size = { particles: 200, side: 32 };
    const reference = await valueTrajectory({ name: 'cpu', params: { threads: 1 } }, size);
    const float32 = await valueTrajectory({ name: 'cpu', params: { threads: 1, precision: 'float32' } }, size);
    // N·M = 204 800 pairs per call: above the 2^16 below which calls stay on the main thread.
    const threaded = await valueTrajectory({ name: 'cpu', params: { threads: 2, precision: 'float32' } }, size);
    expect(reference).toHaveLength(41); // F at t = 0 and after each of the 40 steps
    expect(threaded).toEqual(float32);
    expect(float32).toHaveLength(reference.length);
    for (let n = 0; n < reference.length; n++) {
      expect(Math.abs(float32[n] - reference[n])).toBeLessThanOrEqual(5e-6 * (1 + Math.abs(reference[n])));
    }
    expect(float32.some((value, n) => value !== reference[n])).toBe(true);
  });

  it('a mode that cannot run here is a ConfigError naming the modes that can', () => {
    const missing = (['webgpu', 'headlessgl', 'webgl2'] as const).find((mode) => !availableGpuModes().includes(mode));
    if (missing === undefined) return;
    expect(() => createFlow({ backend: { name: 'gpu', params: { mode: missing } } })).toThrow(ConfigError);
    try {
      createFlow({ backend: { name: 'gpu', params: { mode: missing } } });
    } catch (error) {
      expect((error as ConfigError).message).toContain('backend.params.mode');
      expect((error as ConfigError).message).toContain('webasm');
    }
    expect(() => new GpuBackend({ mode: missing })).toThrow(ConfigError);
    expect(() => createFlow({ backend: { name: 'gpu', params: { mode: 'cuda' } } })).toThrow(/auto, webgpu, headlessgl, webgl2, webasm, cpu/);
  });

  it('auto picks an available mode and says which', () => {
    const backend = new GpuBackend({ mode: 'auto' });
    expect(availableGpuModes()).toContain(backend.mode);
    expect(backend.describe()).toContain(backend.mode);
  });

  it('rejects an activation without gpu.js source with a ConfigError naming it', () => {
    const unit = { kind: 'neuron', outputBound: 3, activation: { name: 'mine', value: Math.tanh, derivative: () => 0, secondDerivative: () => 0 }, parameterDim: (p: number) => p + 2, value: () => 0, addGradient: () => undefined };
    expect(() => new GpuBackend({ mode: 'cpu' }).compile(unit as never, 4, 6)).toThrow(/policy\.activation.*mine/);
  });

  it('a kernel that fails to compile is a PluginError naming the activation', async () => {
    const broken = {
      name: 'broken',
      value: Math.tanh,
      derivative: () => 0,
      secondDerivative: () => 0,
      gpuSource: { value: 'function activationValue(z) { return notAFunction(z); }', derivative: 'function activationDerivative(z) { return z; }', helpers: [] },
    };
    const backend = new GpuBackend({ mode: 'webasm' });
    const kernels = backend.compile(new NeuronUnit(broken, 3), 4, 6);
    const points = { count: 3, dim: 4, data: new Float64Array(12) };
    await expect(Promise.resolve().then(() => kernels.forward(new Float64Array(24), points, new Float64Array(3)))).rejects.toThrow(
      /plugin backend gpu \(mode webasm\).*activation 'broken'/,
    );
    backend.dispose();
  });
});

