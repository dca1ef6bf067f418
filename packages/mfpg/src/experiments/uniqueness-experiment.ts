import { pitchforkCriticalSigmaSquared } from '@mfpg/environments';
import { lineChartSpec } from '@mfpg/monitor';
import { type Budget, type Experiment, type ExperimentReport, writeFigure } from './experiment';
import { linearFit, simulate, tailMean } from './simulate';

const TAU = 0.1;
const pitchfork = {
  env: { name: 'pitchfork', params: {}, grid: { states: 1, actions: 32 } },
  policy: { unit: 'separable' },
  regularization: { tau: TAU, s0: 1 },
};

const sizes: Record<Budget, { particles: number; sigmas: number[]; horizon: number }> = {
  tiny: { particles: 400, sigmas: [0.2, 0.26, 0.32, 0.5, 0.6], horizon: 60 },
  small: { particles: 1000, sigmas: [0.2, 0.24, 0.28, 0.32, 0.35, 0.45, 0.5, 0.6], horizon: 120 },
  full: { particles: 2000, sigmas: [0.2, 0.22, 0.24, 0.26, 0.28, 0.3, 0.32, 0.34, 0.36, 0.44, 0.5, 0.6, 0.7], horizon: 200 },
};

/**
 * docs/math.md §7 B5 and §4 item 3: on `pitchfork` with the separable unit, m = ∫tanh dν has two limits
 * (±m*, selected by the sign of the initial m) below σc and one (m = 0) above, with
 * σc² = 2·E[tanh²Z]·(¼ − τ/2). The scan estimates σc from the normal form of a pitchfork,
 * m*² ≈ a·(σc² − σ²): a straight-line fit of m*² on σ² over the σ with two limits, extrapolated to
 * m*² = 0. Two limits are "different" when |m₊ − m₋| exceeds 4/√N (m's finite-N fluctuation is
 * O(1/√N)).
 */
export const uniquenessExperiment: Experiment = {
  name: 'uniqueness',
  description: 'pitchfork (B5): two limits below σc, one above; a σ scan locating σc vs the closed form',
  async run(budget, directory, simulateFlow = simulate): Promise<ExperimentReport> {
    const { particles, sigmas, horizon } = sizes[budget];
    const closedForm = Math.sqrt(pitchforkCriticalSigmaSquared(TAU));
    const threshold = 4 / Math.sqrt(particles);
    // Every flow at once: independent, so a queue runs them side by side.
    const flows = await Promise.all(
      sigmas.map((sigma) =>
        Promise.all(
          [1, -1].map((sign) =>
            simulateFlow(pitchfork, [`particles.count=${particles}`, `regularization.sigma=${sigma}`, 'flow.dt=0.1', `flow.horizon=${horizon}`, `particles.init.mean=${sign * 0.5}`, 'particles.init.std=0.5', 'seed=5'], 10),
          ),
        ),
      ),
    );
    const paths = flows.flatMap((pair, s) => pair.map((run, k) => ({ label: `σ = ${sigmas[s]}, m0 ${k === 0 ? '> 0' : '< 0'}`, x: run.t, y: run.meanTanh })));
    const scan = flows.map(([plusRun, minusRun], s) => {
      const [plus, minus] = [tailMean(plusRun.meanTanh, 0.1), tailMean(minusRun.meanTanh, 0.1)];
      return { sigma: sigmas[s], plus, minus, split: Math.abs(plus - minus) > threshold };
    });
    const below = scan.filter((point) => point.split);
    const fit = below.length >= 2 ? linearFit(below.map((p) => p.sigma ** 2), below.map((p) => ((p.plus - p.minus) / 2) ** 2)) : null;
    const estimate = fit ? Math.sqrt(-fit.intercept / fit.slope) : Number.NaN;
    const metadata = { environment: 'pitchfork', particles, sigma: 'see legend', tau: TAU, seed: 5 };
    const figures = await Promise.all([
      writeFigure(
        directory,
        'bifurcation',
        lineChartSpec(
          [
            { label: 'limit from m0 > 0', x: scan.map((p) => p.sigma), y: scan.map((p) => p.plus), markers: true },
            { label: 'limit from m0 < 0', x: scan.map((p) => p.sigma), y: scan.map((p) => p.minus), markers: true },
          ],
          { metadata, title: 'pitchfork: limits of m = ∫tanh dν against σ', xLabel: 'σ', yLabel: 'm∞', vLines: [{ x: closedForm, label: 'σc closed form' }, ...(Number.isFinite(estimate) ? [{ x: estimate, label: 'σc fitted' }] : [])] },
        ),
      ),
      writeFigure(directory, 'paths', lineChartSpec(paths.slice(0, 4).concat(paths.slice(-2)), { metadata, title: 'm(t) from both signs of m0', xLabel: 't', yLabel: 'm' })),
    ]);
    const lowest = scan[0];
    const highest = scan.at(-1)!;
    return {
      name: 'uniqueness',
      title: 'Non-uniqueness below σc on the pitchfork (docs/math.md §7 B5)',
      budget,
      setup: `pitchfork (γ = 0, τ = ${TAU}, 32 action nodes), separable unit φ = tanh(θ)·cos 2πa, s0 = 1, N = ${particles}, ν0 = N(±0.5, 0.5²), Euler–Maruyama dt = 0.1 to t = ${horizon}; m∞ = mean of m over the last 10% of the run.`,
      claims: [
        {
          statement: 'two limits below σc (selected by the sign of m0)',
          holds: lowest.sigma < closedForm && lowest.split && lowest.plus > 0 && lowest.minus < 0,
          evidence: `σ = ${lowest.sigma}: m∞ = ${lowest.plus.toFixed(4)} and ${lowest.minus.toFixed(4)}`,
        },
        {
          statement: 'one limit above σc',
          holds: highest.sigma > closedForm && !highest.split,
          evidence: `σ = ${highest.sigma}: m∞ = ${highest.plus.toFixed(4)} and ${highest.minus.toFixed(4)} (|difference| ≤ 4/√N = ${threshold.toFixed(3)})`,
        },
        {
          statement: 'the scan locates σc (pitchfork normal form m*² ∝ σc² − σ²) near the closed form',
          holds: Math.abs(estimate / closedForm - 1) < 0.1,
          evidence: `fitted σc = ${estimate.toFixed(4)} vs closed form √(2·E[tanh²Z]·(¼ − τ/2)) = ${closedForm.toFixed(4)} (relative difference ${(estimate / closedForm - 1).toFixed(3)})`,
        },
      ],
      numbers: {
        sigmas,
        'm∞ from m0 > 0': scan.map((p) => p.plus),
        'm∞ from m0 < 0': scan.map((p) => p.minus),
        'σc fitted': estimate,
        'σc closed form': closedForm,
      },
      figures,
    };
  },
};
