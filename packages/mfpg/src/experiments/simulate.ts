import { crossEntropyToPrior, type EngineSnapshot, knnEntropy, ParameterPrior } from '@mfpg/core';
import { createFlow } from '../create-flow';

/** A flow observed along the way: F, the k-NN KL(ν_t|g), J = F − (σ²/2)KL and m = ∫tanh θ₁ dν. */
export interface Trajectory {
  readonly t: number[];
  /** F(ν_t) (exact grid evaluation of the particles' policy). */
  readonly value: number[];
  /** Kozachenko–Leonenko estimate of KL(ν_t | g) (docs/math.md §5). */
  readonly kl: number[];
  /** J(ν_t) = F − (σ²/2)·KL. */
  readonly objective: number[];
  /** m = (1/N) Σ tanh(θ_i,1): the order parameter of B5 (docs/math.md §7). */
  readonly meanTanh: number[];
  /** Final particles (N×d) and their engine snapshot (to evaluate them under other parameters). */
  readonly theta: Float64Array;
  readonly snapshot: EngineSnapshot;
  readonly sigma: number;
}

/** How the studies run one flow: in this process ({@link simulate}), or as a job on a queue. */
export type Simulate = (input: unknown, overrides: readonly string[], every: number) => Promise<Trajectory>;

/**
 * Runs a flow in-process and records the trajectory every `every` steps (and at the end). The
 * config is the usual partial RunConfig plus dotted overrides; everything is seeded.
 * `yieldEveryMs`: how long the flow may hold the event loop (a queue worker must renew its job lock).
 */
export async function simulate(input: unknown, overrides: readonly string[], every: number, yieldEveryMs = 1e9): Promise<Trajectory> {
  const { config, container, engine } = createFlow(input, { overrides });
  const prior = container.get<ParameterPrior>(ParameterPrior);
  const sigma = config.regularization.sigma;
  const out: Omit<Trajectory, 'theta' | 'snapshot' | 'sigma'> = { t: [], value: [], kl: [], objective: [], meanTanh: [] };
  const subscription = engine.steps$.subscribe((event) => {
    if (!(event.final || event.step % every === 0)) return;
    const { theta, particleCount, dim } = event;
    const kl = -knnEntropy(theta, particleCount, dim, 1) + crossEntropyToPrior(theta, particleCount, dim, prior);
    let m = 0;
    for (let i = 0; i < particleCount; i++) m += Math.tanh(theta[i * dim]);
    out.t.push(event.t);
    out.value.push(event.value);
    out.kl.push(kl);
    out.objective.push(event.value - 0.5 * sigma * sigma * kl);
    out.meanTanh.push(m / particleCount);
  });
  try {
    await engine.run({ yieldEveryMs });
  } finally {
    subscription.unsubscribe();
  }
  return { ...out, theta: Float64Array.from(engine.theta), snapshot: engine.snapshot(), sigma };
}

/** F of given particles under another configuration (e.g. τ ± δ): one evaluation, no step. */
export async function valueOf(input: unknown, overrides: readonly string[], snapshot: EngineSnapshot): Promise<number> {
  const { engine } = createFlow(input, { overrides });
  engine.restore({ ...snapshot, step: 0, integrator: null });
  return (await engine.evaluate()).value;
}

/** Mean of the last `fraction` of a series (time average over the stationary tail). */
export function tailMean(series: readonly number[], fraction: number): number {
  const from = Math.floor(series.length * (1 - fraction));
  const tail = series.slice(from);
  return tail.reduce((sum, x) => sum + x, 0) / tail.length;
}

/** Standard deviation of the last `fraction` of a series. */
export function tailStd(series: readonly number[], fraction: number): number {
  const from = Math.floor(series.length * (1 - fraction));
  const tail = series.slice(from);
  const mean = tail.reduce((sum, x) => sum + x, 0) / tail.length;
  return Math.sqrt(tail.reduce((sum, x) => sum + (x - mean) ** 2, 0) / Math.max(tail.length - 1, 1));
}

/** Least-squares slope and intercept of y against x. */
export function linearFit(x: readonly number[], y: readonly number[]): { slope: number; intercept: number } {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/**
 * Noise level of a series sampled along a smooth path: the residuals r_k = y_k − (y_{k−1} + y_{k+1})/2
 * remove the trend to second order; for white noise of std s they have std s·√1.5. Robust (median
 * absolute deviation) so that a fast initial transient does not inflate it.
 */
export function localNoise(series: readonly number[]): number {
  const residuals: number[] = [];
  for (let k = 1; k + 1 < series.length; k++) residuals.push(Math.abs(series[k] - 0.5 * (series[k - 1] + series[k + 1])));
  residuals.sort((a, b) => a - b);
  const median = residuals[Math.floor(residuals.length / 2)] ?? 0;
  return (1.4826 * median) / Math.sqrt(1.5);
}
