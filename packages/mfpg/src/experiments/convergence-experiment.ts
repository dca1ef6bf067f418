import { exactW2 } from '@mfpg/monitor';
import { lineChartSpec } from '@mfpg/monitor';
import { type Budget, type Experiment, type ExperimentReport, writeFigure } from './experiment';
import { linearFit, localNoise, simulate, tailMean } from './simulate';

const bandit = { env: { name: 'torus-bandit', params: {}, grid: { states: 1, actions: 32 } }, regularization: { tau: 0.1, s0: 1 } };

const sizes: Record<Budget, { particles: number; sigmas: number[]; starts: number }> = {
  tiny: { particles: 300, sigmas: [1, 2, 3], starts: 3 },
  small: { particles: 400, sigmas: [0.7, 1, 1.5, 2, 3, 4], starts: 4 },
  full: { particles: 800, sigmas: [0.5, 0.7, 1, 1.5, 2, 3, 4, 6], starts: 5 },
};

/**
 * Rate of J_∞ − J(ν_t) ~ C·e^{−λt}: least squares of log(gap) on t from t = 0 up to the first time
 * the gap falls below 3× the noise of Ĵ (beyond it the log is noise). J_∞ is the mean of Ĵ over the
 * last quarter of the run (t ≥ 6/σ², where the gap is e^{−6} of its start).
 */
function fittedRate(t: readonly number[], objective: readonly number[]): { rate: number; points: number } {
  const limit = tailMean(objective, 0.25);
  const noise = localNoise(objective);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let k = 0; k < t.length && limit - objective[k] > 3 * noise; k++) {
    xs.push(t[k]);
    ys.push(Math.log(limit - objective[k]));
  }
  return { rate: xs.length >= 3 ? -linearFit(xs, ys).slope : Number.NaN, points: xs.length };
}

/**
 * docs/math.md §4 item 3. (a) For large σ the gap J_∞ − J(ν_t) decays exponentially; its fitted rate λ
 * approaches the Ornstein–Uhlenbeck rate σ²/s0² as σ grows (ν_0 = N(1.5·1, I): the prior shifted,
 * so the slow mode is the mean, whose KL decays at 2κ = σ²/s0²). (b) The limit does not depend on
 * ν_0: limits from several ν_0 are as close in exact W2 as two runs from the same ν_0 with different
 * seeds (the finite-N noise floor). Euler–Maruyama with κ·dt = 0.025 (rate bias ≈ κdt/2 ≈ 1.3%).
 */
export const convergenceExperiment: Experiment = {
  name: 'convergence',
  description: 'exponential convergence for large σ with the fitted rate vs σ²/s0²; the limit does not depend on ν_0',
  async run(budget, directory, simulateFlow = simulate): Promise<ExperimentReport> {
    const { particles, sigmas, starts } = sizes[budget];
    const rateRuns = sigmas.map((sigma) => {
      const dt = 0.05 / sigma ** 2;
      const horizon = 8 / sigma ** 2;
      return simulateFlow(bandit, [`particles.count=${particles}`, `regularization.sigma=${sigma}`, `flow.dt=${dt}`, `flow.horizon=${horizon}`, 'particles.init.mean=1.5', 'particles.init.std=1', 'seed=3'], 2);
    });
    // (b) Independence of ν_0 at σ = 2: several initial laws, and the noise floor from seeds.
    const sigma = 2;
    const limitOf = async (mean: number, std: number, seed: number) =>
      (await simulateFlow(bandit, [`particles.count=${particles}`, `regularization.sigma=${sigma}`, 'flow.dt=0.0125', 'flow.horizon=6', `particles.init.mean=${mean}`, `particles.init.std=${std}`, `seed=${seed}`], 1000)).theta;
    const initials = [
      { mean: -2, std: 0.3 },
      { mean: 0, std: 1 },
      { mean: 2, std: 0.5 },
      { mean: 1, std: 2 },
      { mean: -1, std: 0.1 },
    ].slice(0, starts);
    // Every flow of the study at once: independent, so a queue runs them side by side.
    const pending = Promise.all([
      Promise.all(rateRuns),
      Promise.all(initials.map((law, i) => limitOf(law.mean, law.std, 10 + i))),
      Promise.all(Array.from({ length: starts - 1 }, (_, i) => Promise.all([limitOf(0, 1, 100 + 2 * i), limitOf(0, 1, 101 + 2 * i)]))),
    ]);
    const [rated, limits, floorPairs] = await pending;
    const runs = rated.map((run, i) => ({ sigma: sigmas[i], run, ...fittedRate(run.t, run.objective) }));
    const ratios = runs.map(({ sigma: s, rate }) => rate / s ** 2);
    const dim = limits[0].length / particles;
    const across: number[] = [];
    for (let i = 0; i < limits.length; i++) for (let j = i + 1; j < limits.length; j++) across.push(exactW2(limits[i], limits[j], particles, dim));
    const floor = floorPairs.map(([a, b]) => exactW2(a, b, particles, dim));
    const floorMax = Math.max(...floor);
    const acrossMax = Math.max(...across);

    const metadata = { environment: 'B1 torus bandit', particles, sigma: 'see legend', tau: 0.1, seed: 3 };
    const figures = await Promise.all([
      writeFigure(
        directory,
        'gap',
        lineChartSpec(
          runs.map(({ sigma: s, run }) => {
            const limit = tailMean(run.objective, 0.25);
            return { label: `σ = ${s}`, x: run.t.map((t) => t * s * s), y: run.objective.map((j) => limit - j) };
          }),
          { metadata, title: 'J∞ − J(ν_t) against σ²t/s0² (OU: slope −1)', xLabel: 'σ² t / s0²', yLabel: 'J∞ − J', logY: true },
        ),
      ),
      writeFigure(
        directory,
        'rate',
        lineChartSpec(
          [
            { label: 'fitted λ', x: sigmas, y: runs.map((r) => r.rate), markers: true },
            { label: 'OU rate σ²/s0²', x: sigmas, y: sigmas.map((s) => s * s), dashed: true },
          ],
          { metadata, title: 'fitted rate λ against σ', xLabel: 'σ', yLabel: 'λ', logX: true, logY: true },
        ),
      ),
    ]);
    const last = ratios.at(-1)!;
    return {
      name: 'convergence',
      title: 'Exponential convergence and independence of the limit (docs/math.md §4.3)',
      budget,
      setup: `B1 torus bandit (τ = 0.1, γ = 0.9), neuron unit, s0 = 1, N = ${particles}; rates from ν0 = N(1.5, I) with dt = 0.05/σ² up to t = 8/σ²; limits at σ = 2 up to t = 6 (the slowest mode, driven by F, needs more than the OU time 1/σ²).`,
      claims: [
        {
          statement: 'for large σ, J∞ − J(ν_t) decays exponentially at a rate approaching the OU rate σ²/s0²',
          holds: Math.abs(last - 1) < 0.2 && runs.every((r) => r.points >= 5),
          evidence: `λ/(σ²/s0²) = ${ratios.map((r, i) => `${r.toFixed(3)} (σ = ${sigmas[i]})`).join(', ')}`,
        },
        {
          statement: 'the limit does not depend on ν0 (W2 between limits at the noise floor)',
          holds: acrossMax <= 1.25 * floorMax,
          evidence: `largest W2 between limits of ${starts} initial laws ${acrossMax.toFixed(4)} vs noise floor (same ν0, other seeds) ${floor.map((w) => w.toFixed(4)).join(', ')}`,
        },
      ],
      numbers: {
        sigmas,
        'fitted rates λ': runs.map((r) => r.rate),
        'λ / (σ²/s0²)': ratios,
        'points in each fit': runs.map((r) => r.points),
        'W2 between limits (σ = 2)': across,
        'W2 noise floor (σ = 2)': floor,
      },
      figures,
    };
  },
};
