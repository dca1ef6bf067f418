import { lineChartSpec } from '@mfpg/monitor';
import { type Budget, type Experiment, type ExperimentReport, writeFigure } from './experiment';
import { linearFit, simulate, tailMean, valueOf } from './simulate';

const TAU = 0.1;
const SIGMA = 1;
const bandit = { env: { name: 'torus-bandit', params: {}, grid: { states: 1, actions: 32 } }, regularization: { tau: TAU, sigma: SIGMA, s0: 1 } };

const sizes: Record<Budget, { particles: number; horizon: number; stationary: number; epsilons: number[] }> = {
  tiny: { particles: 200, horizon: 2, stationary: 8, epsilons: [0.04, 0.02, 0.01] },
  small: { particles: 500, horizon: 3, stationary: 16, epsilons: [0.08, 0.04, 0.02, 0.01, 0.005] },
  full: { particles: 1000, horizon: 4, stationary: 30, epsilons: [0.16, 0.08, 0.04, 0.02, 0.01, 0.005, 0.0025] },
};

/** sup over the logged times of |a − b|. */
const supDistance = (a: readonly number[], b: readonly number[]) => a.reduce((sup, x, k) => Math.max(sup, Math.abs(x - b[k])), 0);

/**
 * docs/math.md §4 item 4. (a) On a finite horizon the value along the flow is Lipschitz in τ, σ and ν_0:
 * with synchronous coupling (the same seed: the same initial normals and Brownian increments),
 * sup_t |F_ε(t) − F(t)| against the size ε of the perturbation has log–log slope 1. (b) The
 * envelope identities at the maximiser, by central finite differences of J* (the time average of
 * Ĵ over the stationary half of a long run, same seed for both sides):
 * ∂J* / ∂σ² = −½ KL(ν*|g) and ∂J* / ∂τ = −1/(1−γ) ∫d KL(π_ν*|μ), the latter evaluated exactly as
 * ∂_τ F(ν) at the fixed final particles (F is affine in τ at a fixed policy).
 */
export const sensitivityExperiment: Experiment = {
  name: 'sensitivity',
  description: 'value along the flow vs perturbations of τ, σ, ν0 (log–log slopes); envelope identities for ∂J* / ∂σ² and ∂J* / ∂τ',
  async run(budget, directory, simulateFlow = simulate): Promise<ExperimentReport> {
    const { particles, horizon, stationary, epsilons } = sizes[budget];
    const common = [`particles.count=${particles}`, 'flow.dt=0.02', 'seed=7'];
    const finite = [...common, `flow.horizon=${horizon}`];
    const perturbations = [
      { name: 'τ', override: (e: number) => `regularization.tau=${TAU * (1 + e)}` },
      { name: 'σ', override: (e: number) => `regularization.sigma=${SIGMA * (1 + e)}` },
      // A shift of the output weight c of every particle; smaller steps: its effect is amplified along the flow.
      { name: 'ν0 (shift of c by ε/4)', override: (e: number) => `particles.init.mean=[${e / 4},0,0,0]` },
    ];
    const long = [...common, `flow.horizon=${stationary}`];
    const delta = 0.1;
    const sigmaSquared = SIGMA ** 2;
    const jStar = async (overrides: string[]) => tailMean((await simulateFlow(bandit, [...long, ...overrides], 5)).objective, 0.5);
    // Every flow at once: independent, so a queue runs them side by side.
    const [base, perturbed, center, sigmaUp, sigmaDown, tauUp, tauDown] = await Promise.all([
      simulateFlow(bandit, finite, 5),
      Promise.all(perturbations.map((perturbation) => Promise.all(epsilons.map((epsilon) => simulateFlow(bandit, [...finite, perturbation.override(epsilon)], 5))))),
      simulateFlow(bandit, long, 5),
      jStar([`regularization.sigma=${Math.sqrt(sigmaSquared * (1 + delta))}`]),
      jStar([`regularization.sigma=${Math.sqrt(sigmaSquared * (1 - delta))}`]),
      jStar([`regularization.tau=${TAU * (1 + delta)}`]),
      jStar([`regularization.tau=${TAU * (1 - delta)}`]),
    ]);
    const lipschitz = perturbations.map((perturbation, p) => {
      const distances = perturbed[p].map((run) => supDistance(run.value, base.value));
      return { name: perturbation.name, distances, slope: linearFit(epsilons.map(Math.log), distances.map(Math.log)).slope };
    });
    const klStar = tailMean(center.kl, 0.5);
    const dSigma = (sigmaUp - sigmaDown) / (2 * delta * sigmaSquared);
    const dTau = (tauUp - tauDown) / (2 * delta * TAU);
    const h = 1e-3;
    const policyTerm = ((await valueOf(bandit, [...long, `regularization.tau=${TAU + h}`], center.snapshot)) - (await valueOf(bandit, [...long, `regularization.tau=${TAU - h}`], center.snapshot))) / (2 * h);

    const metadata = { environment: 'B1 torus bandit', particles, sigma: SIGMA, tau: TAU, seed: 7 };
    const figures = await Promise.all([
      writeFigure(
        directory,
        'lipschitz',
        lineChartSpec(
          [...lipschitz.map((l) => ({ label: `perturb ${l.name} (slope ${l.slope.toFixed(2)})`, x: epsilons, y: l.distances, markers: true })), { label: 'slope 1', x: epsilons, y: epsilons.map((e) => (lipschitz[0].distances[0] * e) / epsilons[0]), dashed: true }],
          { metadata, title: `sup_t≤${horizon} |F_ε(t) − F(t)| against ε`, xLabel: 'ε', yLabel: 'sup |ΔF|', logX: true, logY: true },
        ),
      ),
      writeFigure(directory, 'objective', lineChartSpec([{ label: 'J(ν_t), σ = 1, τ = 0.1', x: center.t, y: center.objective }], { metadata, title: 'the run behind J* (stationary half averaged)', xLabel: 't', yLabel: 'J' })),
    ]);
    const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
    return {
      name: 'sensitivity',
      title: 'Sensitivity of the flow and envelope identities (docs/math.md §4.4)',
      budget,
      setup: `B1 torus bandit (τ = ${TAU}, γ = 0.9, 32 action nodes), neuron unit, σ = ${SIGMA}, s0 = 1, N = ${particles}, Euler–Maruyama dt = 0.02, seed 7 for every run (synchronous coupling); Lipschitz on t ≤ ${horizon}; J* = mean of Ĵ over t ∈ [${stationary / 2}, ${stationary}], central differences with relative step ${delta}.`,
      claims: [
        ...lipschitz.map((l) => ({
          statement: `the value along the flow is Lipschitz in ${l.name} (log–log slope 1)`,
          holds: Math.abs(l.slope - 1) < 0.15,
          evidence: `sup_t |ΔF| = ${l.distances.map((d) => d.toExponential(2)).join(', ')} for ε = ${epsilons.join(', ')}: slope ${l.slope.toFixed(3)}`,
        })),
        {
          statement: '∂J*/∂σ² = −½ KL(ν*|g)',
          holds: relative(dSigma, -0.5 * klStar) < 0.25,
          evidence: `finite difference ${dSigma.toFixed(4)} vs −½ KL̂(ν*|g) = ${(-0.5 * klStar).toFixed(4)}`,
        },
        {
          statement: '∂J*/∂τ = −1/(1−γ) ∫d KL(π*|μ)',
          holds: relative(dTau, policyTerm) < 0.25,
          evidence: `finite difference ${dTau.toFixed(4)} vs −1/(1−γ)·KL(π_ν*|μ) = ${policyTerm.toFixed(4)}`,
        },
      ],
      numbers: {
        epsilons,
        ...Object.fromEntries(lipschitz.flatMap((l) => [[`sup |ΔF|, perturb ${l.name}`, l.distances], [`log–log slope, ${l.name}`, l.slope]])),
        '∂J*/∂σ² (finite difference)': dSigma,
        '−½ KL(ν*|g)': -0.5 * klStar,
        '∂J*/∂τ (finite difference)': dTau,
        '−1/(1−γ) ∫d KL(π*|μ)': policyTerm,
      },
      figures,
    };
  },
};
