import { createRandom, GaussianPrior, type StepEvent } from '@mfpg/core';
import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { MetricRow } from '../metric-definition';
import { energyDissipation, energyDissipationDefinition } from './energy-dissipation';
import { fakeStep } from './testing/step-fixtures';

/**
 * The driftless flow D F = 0 is an Ornstein–Uhlenbeck process towards g = N(0, s0² I): from
 * ν_0 = N(0, v0 I), ν_t = N(0, v_t I) with v_t = s0² + (v0 − s0²) e^{−σ² t/s0²} (docs/math.md §7), and
 *   J(t) = −(σ²/2)·(d/2)(v/s0² − 1 − log(v/s0²)),   dJ/dt = (σ⁴/4)·d·v·(1/s0² − 1/v)².
 * The particles move by exact OU transitions, so the only errors are the estimators'.
 */
const sigma = 1;
const s0 = 1;
const dim = 2;
const n = 1000;
const v0 = 0.1;
const dt = 0.01;
const variance = (t: number) => s0 * s0 + (v0 - s0 * s0) * Math.exp((-sigma * sigma * t) / (s0 * s0));
const objective = (t: number) => -0.5 * sigma * sigma * 0.5 * dim * (variance(t) / (s0 * s0) - 1 - Math.log(variance(t) / (s0 * s0)));
const dissipation = (t: number, scoreVariance = variance(t)) => 0.25 * sigma ** 4 * dim * variance(t) * (1 / (s0 * s0) - 1 / scoreVariance) ** 2;

function ornsteinUhlenbeckSteps(steps: number): StepEvent[] {
  const rng = createRandom(17);
  const theta = new Float64Array(n * dim);
  rng.fillNormal(theta);
  for (let k = 0; k < theta.length; k++) theta[k] *= Math.sqrt(v0);
  const decay = Math.exp((-sigma * sigma * dt) / (2 * s0 * s0));
  const spread = s0 * Math.sqrt(1 - decay * decay);
  const noise = new Float64Array(theta.length);
  const events: StepEvent[] = [];
  for (let step = 0; step <= steps; step++) {
    events.push(fakeStep({ step, theta: Float64Array.from(theta), dim, dt, final: step === steps }));
    rng.fillNormal(noise);
    for (let k = 0; k < theta.length; k++) theta[k] = decay * theta[k] + spread * noise[k];
  }
  return events;
}

describe('energyDissipation', () => {
  const events = ornsteinUhlenbeckSteps(40);
  const rows = () => lastValueFrom(from(events).pipe(energyDissipation({ every: 10, sigma, prior: new GaussianPrior(s0) }), toArray()));

  it('matches dJ/dt of the Ornstein–Uhlenbeck flow, within the kernel score bias band', async () => {
    // Cross-fitting removes the variance bias E|ŝ − ∇log ν|²; what remains is kernel smoothing: each
    // half's score tends to that of ν * N(0, h²I), slope −1/(v + h²) instead of −1/v (h for N/2
    // particles). So the estimate lies between the closed form with v + h² in the score and the
    // closed form itself, up to the sampling error of a mean of N terms ∝ |θ|² (relative sd
    // sqrt(2/(dN)) ≈ 3%; 4 sd allowed).
    for (const row of await rows()) {
      const h2 = (Math.sqrt(variance(row.t)) * (4 / ((dim + 4) * (n / 2))) ** (1 / (dim + 6))) ** 2;
      const bounds = [dissipation(row.t), dissipation(row.t, variance(row.t) + h2)].sort((a, b) => a - b);
      const slack = 4 * Math.sqrt(2 / (dim * n));
      expect(row.values['energy/dissipation']).toBeGreaterThan(bounds[0] * (1 - slack));
      expect(row.values['energy/dissipation']).toBeLessThan(bounds[1] * (1 + slack));
      // The plug-in keeps the variance bias: it is never below the cross-fitted estimate by more than noise.
      expect(row.values['energy/dissipation-plugin']).toBeGreaterThan(row.values['energy/dissipation'] * (1 - slack));
    }
  });

  it('has a finite-difference dJ/dt equal to the exact secant of J within its standard error', async () => {
    const all: MetricRow[] = await rows();
    expect(all.map((row) => row.step)).toEqual([0, 10, 20, 30, 40]);
    expect(all[0].values['energy/dj-dt']).toBeUndefined();
    for (let r = 1; r < all.length; r++) {
      const { t } = all[r];
      const previousT = all[r - 1].t;
      const secant = (objective(t) - objective(previousT)) / (t - previousT);
      // The reported stderr treats the two J estimates as independent, which overstates the noise
      // of their difference (the clouds share most particles' positions): 4 of them is generous.
      expect(Math.abs(all[r].values['energy/dj-dt'] - secant)).toBeLessThan(4 * all[r].values['energy/dj-dt-stderr']);
      // The interval mean of the dissipation estimates the same secant (trapezoid error O(Δt²) ≪ noise).
      expect(all[r].values['energy/dissipation-interval']).toBeCloseTo(0.5 * (all[r].values['energy/dissipation'] + all[r - 1].values['energy/dissipation']), 12);
    }
  });

  it('needs σ > 0 and validates its options with the field named', () => {
    const context = { config: { regularization: { sigma: 0 }, monitor: { klNeighbors: 1 } }, prior: new GaussianPrior(1) } as never;
    expect(() => energyDissipationDefinition.create(context, { every: 5 }, 'monitor.metrics.3')).toThrow(/regularization\.sigma/);
    const noisy = { config: { regularization: { sigma: 1 }, monitor: { klNeighbors: 1 } }, prior: new GaussianPrior(1) } as never;
    expect(() => energyDissipationDefinition.create(noisy, { every: 0 }, 'monitor.metrics.3')).toThrow(/monitor\.metrics\.3\.every/);
    expect(() => energyDissipationDefinition.create(noisy, { every: 5, bandwith: 1 }, 'monitor.metrics.3')).toThrow(/monitor\.metrics\.3\.bandwith.*known keys: every, bandwidth, klNeighbors/s);
  });
});
