import { describe, expect, it } from 'vitest';
import { createFlow, type StepEvent } from 'mfpg';

/** The value trajectory F(ν_t) of a 40-step B3 flow (controlled torus, docs/math.md §7) on a cpu backend. */
async function valueTrajectory(params: Record<string, unknown>): Promise<number[]> {
  const { engine } = createFlow({
    backend: { name: 'cpu', params },
    particles: { count: 200 },
    env: { grid: { states: 32, actions: 32 } },
    flow: { horizon: 40 * 0.05 },
  });
  const values: number[] = [];
  const subscription = engine.steps$.subscribe((event: StepEvent) => values.push(event.value));
  await engine.run({ yieldEveryMs: 1e9 });
  subscription.unsubscribe();
  return values;
}

describe('cpu backend with precision float32 in a flow (product-grid f32x4 kernels)', () => {
  it('a B3 flow tracks the float64 value trajectory to 5e−6 relative, for 1 and 2 threads alike', async () => {
    // Same seed, same noise: the paths differ only by the float32 kernels' errors, per step within
    // the float32 round-off model (≤ 16·2^−24 per activation value, 3(M + 2)·2^−24 ≈ 1.8e−4 per
    // summed term at M = 1024, relative to Σ|W ∇φ|). F is a smooth function of the particles, and
    // over 40 steps of dt = 0.05 the drift's Lipschitz growth is O(1) (t = 2); round-off errors of
    // random sign add like √M·u ≈ 2e−6 rather than M·u, so 5e−6·(1 + |F|) sits between the typical
    // and the worst case (measured: 7.3e−8; the gpu backend's float32 flow test uses the same bound).
    const reference = await valueTrajectory({ threads: 1 });
    const float32 = await valueTrajectory({ threads: 1, precision: 'float32' });
    // N·M = 204 800 pairs per call: above the 2^16 below which calls stay on the main thread.
    const threaded = await valueTrajectory({ threads: 2, precision: 'float32' });
    expect(reference).toHaveLength(41); // F at t = 0 and after each of the 40 steps
    expect(float32).toHaveLength(41);
    expect(threaded).toEqual(float32);
    for (let n = 0; n < reference.length; n++) {
      expect(Math.abs(float32[n] - reference[n])).toBeLessThanOrEqual(5e-6 * (1 + Math.abs(reference[n])));
    }
    // Not vacuous: float32 arithmetic really ran (identical values would mean float64 underneath).
    expect(float32.some((value, n) => value !== reference[n])).toBe(true);
  });
});
