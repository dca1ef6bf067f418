import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { discretizeEnvironment, Environment, type StepEvent, NeuronUnit, type ParticleBackend, type ParticleKernels, type PointSet, SoftBellmanSolver, TanhActivation, type Unit } from '@mfpg/core';
import { CpuBackend } from '@mfpg/backend-cpu';
import { Pendulum, PendulumParams } from '@mfpg/environments';
import { createFlow, defineUnit, runExperiment } from 'mfpg';
import type { ContainerModule } from 'inversify';
import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { gridRefinement } from '@mfpg/monitor';
import { RefinedForward } from '../packages/monitor/src/metrics/refined-forward';
import { float32ForwardTolerance } from '../packages/backend-cpu/src/testing/float32-tolerance';
import { EPS, forwardErrorRatio, naiveForward, randomNeuronTheta, uniformStream } from '../packages/backend-cpu/src/testing/kernel-reference';
import { freshDirectory, readJsonl } from './helpers';

/**
 * grid-refinement evaluates the network on its refined grid with the run's backend kernels
 * (metrics/refined-forward.ts) instead of N·M' Unit.value calls. The reference is that unit loop
 * (the metric before, and naiveForward of the kernel tests); the bounds are the kernels' round-off
 * models (packages/backend-cpu/src/testing/round-off-tolerance.ts).
 */
const pendulum = new Pendulum(PendulumParams.parse({ featureScaling: 'normalized' }));
// The preset's refinement in miniature: 9² states × 5 torques, with its product structure.
const refined = discretizeEnvironment(pendulum, 9, 5).points;
const unit = new NeuronUnit(new TanhActivation(), Infinity);
const N = 40;
const p = pendulum.featureDim;
const theta = randomNeuronTheta(uniformStream(12), N, p, { c: 3, w: 3, b: 3 });

function forwardOf(network: RefinedForward): Float64Array {
  const out = new Float64Array(network.points.count);
  network.evaluate(theta, N, p + 2, out);
  return out;
}

/** `points` without its product structure: the general kernels. */
const general = (points: PointSet): PointSet => ({ count: points.count, dim: points.dim, data: points.data });

describe('grid-refinement on the backend kernels', () => {
  it('the unit loop (no backend) is naiveForward, bit for bit', () => {
    const network = new RefinedForward(unit, refined);
    expect(forwardOf(network)).toEqual(naiveForward(unit, theta, N, refined));
    expect(network.usesKernels).toBe(false);
  });

  it.each([
    ['product grid', refined],
    ['general points', general(refined)],
  ])('float64 kernels on the %s equal the unit loop within the float64 round-off model', (_, points) => {
    for (const threads of [1, 2]) {
      const network = new RefinedForward(unit, points, new CpuBackend(undefined, { threads, precision: 'float64' }));
      const f = forwardOf(network);
      expect(network.usesKernels).toBe(true);
      // ≤ 1: every |kernel − unit loop| within forwardTolerance (kernel-reference.ts: 2(p+3)u·Z per
      // pre-activation, 8u(1 + |ϱ|) per activation, 3(N + 2)u per summed term).
      expect(forwardErrorRatio(unit, theta, N, points, f)).toBeLessThanOrEqual(1);
    }
  });

  it.each([
    ['product grid', refined],
    ['general points', general(refined)],
  ])('float32 kernels on the %s are within the float32 round-off model', (_, points) => {
    const network = new RefinedForward(unit, points, new CpuBackend(undefined, { threads: 1, precision: 'float32' }));
    const f = forwardOf(network);
    const reference = naiveForward(unit, theta, N, points);
    const tolerance = float32ForwardTolerance(unit, theta, N, points);
    for (let j = 0; j < points.count; j++) expect(Math.abs(f[j] - reference[j])).toBeLessThanOrEqual(tolerance[j]);
    // It did run in float32: its errors exceed the float64 kernels' bound many times over.
    expect(forwardErrorRatio(unit, theta, N, points, f)).toBeGreaterThan(1000);
  });

  it('a user unit without fused kernels runs on the generic kernels: the unit loop up to its final 1/N', () => {
    const cubic: Unit = {
      kind: 'test-cubic',
      parameterDim: (featureDim) => featureDim,
      value: (t, x) => {
        let z = 0;
        for (let k = 0; k < x.length; k++) z += t[k] * x[k];
        return z * z * z;
      },
      addGradient: () => undefined,
    };
    const cubicTheta = theta.subarray(0, N * p);
    const loop = new Float64Array(refined.count);
    new RefinedForward(cubic, refined).evaluate(cubicTheta, N, p, loop);
    const network = new RefinedForward(cubic, refined, new CpuBackend());
    const f = new Float64Array(refined.count);
    network.evaluate(cubicTheta, N, p, f);
    expect(network.usesKernels).toBe(true);
    // Same partial sums; the kernel multiplies by fl(1/N), the loop divides by N: ≤ (3u + u²)|f| ≤ 4u|f|.
    for (let j = 0; j < refined.count; j++) expect(Math.abs(f[j] - loop[j])).toBeLessThanOrEqual(4 * EPS * Math.abs(loop[j]));
  });

  it('kernels that answer with a promise (an asynchronous device) are probed on one point, then the unit loop computes', async () => {
    const calls: number[] = [];
    const cpu = new CpuBackend().compile(unit, N, p + 2);
    const asynchronous: ParticleBackend = {
      name: 'test-async',
      compile: (): ParticleKernels => ({
        forward: (_theta, points) => {
          calls.push(points.count);
          // Rejected: the metric must not leave an unhandled rejection behind.
          return Promise.reject(new Error('a device error nobody awaits'));
        },
        drift: (t, points, weights, out) => cpu.drift(t, points, weights, out),
      }),
    };
    const network = new RefinedForward(unit, refined, asynchronous);
    const first = forwardOf(network);
    const second = forwardOf(network);
    expect(network.usesKernels).toBe(false);
    expect(calls).toEqual([1]);
    expect(first).toEqual(naiveForward(unit, theta, N, refined));
    expect(second).toEqual(first);
    await new Promise((resolve) => setImmediate(resolve));
  });

  it('a run with grid-refinement has the same F at every step as one without (the metric compiles kernels of its own)', async () => {
    const config = (metrics: unknown[]) => ({
      env: { grid: { states: 12, actions: 12 } },
      particles: { count: 30 },
      flow: { horizon: 0.5 },
      backend: { name: 'cpu', params: { threads: 2 } },
      monitor: { every: 1, metrics, sinks: { progress: false, plots: false } },
    });
    const withMetric = join(freshDirectory(), 'with');
    const without = join(freshDirectory(), 'without');
    await runExperiment(config([{ name: 'grid-refinement', every: 3 }]), { out: withMetric });
    await runExperiment(config([]), { out: without });
    const values = (dir: string) => readJsonl(join(dir, 'metrics.jsonl')).map((row) => row.value);
    expect(values(withMetric)).toEqual(values(without));
    expect(readJsonl(join(withMetric, 'metrics.jsonl')).filter((row) => 'grid/refined-value' in row).length).toBeGreaterThan(1);
  });

  it('each refined value depends on its own step alone (81²×9 Pendulum, where the solver `auto` would warm-start GMRES)', async () => {
    const event = (step: number, particles: Float64Array) =>
      ({ step, t: step, final: false, dt: 1, tau: 0.1, value: 0, gradNorm: 0, evaluation: undefined, drift: new Float64Array(0), theta: particles, particleCount: N, dim: p + 2 }) as unknown as StepEvent;
    const refinedValues = async (events: StepEvent[]) => {
      const operator = gridRefinement({ every: 1, environment: pendulum, unit, backend: new CpuBackend(), tau: 0.1, states: 81, actions: 9 });
      return (await lastValueFrom(from(events).pipe(operator, toArray()))).map((row) => row.values['grid/refined-value']);
    };
    const earlier = randomNeuronTheta(uniformStream(13), N, p, { c: 3, w: 3, b: 3 });
    const [, afterAnother] = await refinedValues([event(0, earlier), event(1, theta)]);
    const [alone] = await refinedValues([event(1, theta)]);
    expect(afterAnother).toBe(alone);
  });

  /** The final row's refined F recomputed from particles.json: the unit loop on the 2n − 1 grid and a fresh solve. */
  async function expectFinalRowOfUnitLoop(config: { env: { grid: { states: number; actions: number } } } & Record<string, unknown>, modules: ContainerModule[] = []) {
    const out = join(freshDirectory(), 'run');
    const { config: resolved } = await runExperiment(config, { out, modules });
    const rows = readJsonl(join(out, 'metrics.jsonl')).filter((row) => 'grid/refined-value' in row);
    expect(rows.length).toBeGreaterThan(1);
    const environment = createFlow(config, { modules }).container.get<Environment>(Environment);
    const { states, actions } = config.env.grid;
    const discretization = discretizeEnvironment(environment, 2 * states - 1, 2 * actions - 1);
    const finalTheta = Float64Array.from((JSON.parse(readFileSync(join(out, 'particles.json'), 'utf8')) as { theta: number[][] }).theta.flat());
    const logits = naiveForward(unit, finalTheta, resolved.particles.count, discretization.points);
    // 15² states: a dense LU solve, which depends on nothing but the logits.
    expect(rows.at(-1)?.['grid/refined-value']).toBe(new SoftBellmanSolver(discretization.mdp, resolved.regularization.tau).evaluate(logits));
  }

  const small = { env: { grid: { states: 8, actions: 8 } }, flow: { horizon: 0.2 }, monitor: { every: 2, metrics: [{ name: 'grid-refinement', every: 2 }], sinks: { progress: false, plots: false } } };

  it('a run with a user unit logs the refined F of the unit loop (generic kernels; N = 16 makes their 1/N exact)', async () => {
    const modules = [defineUnit({ name: 'test-neuron', description: 'a neuron of a kind without fused kernels', create: () => Object.assign(Object.create(unit) as Unit, { kind: 'test-neuron' }) })];
    await expectFinalRowOfUnitLoop({ ...small, particles: { count: 16 }, policy: { unit: 'test-neuron', outputBound: null } }, modules);
  });

  it('a run on the gpu backend (asynchronous kernels) logs the refined F of the unit loop', async () => {
    await expectFinalRowOfUnitLoop({ ...small, particles: { count: 20 }, policy: { outputBound: null }, backend: { name: 'gpu', params: { mode: 'cpu' } } });
  });
});
