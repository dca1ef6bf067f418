import { PluginError } from '../errors';
import type { Integrator } from '../plugin-points/integrator';
import type { PolicyEvaluation } from '../plugin-points/evaluator';

/**
 * Per-step guards of the flow engine (O(N·d), or O(M) only once something is already wrong):
 * they turn a misbehaving plugin into a PluginError naming it at the step it shows.
 */

/** An integrator asked for the drift of a buffer of the wrong shape (it resized θ). */
export function guardDriftShape(integrator: Integrator, theta: Float64Array, out: Float64Array, particleCount: number, dim: number): void {
  const expected = particleCount * dim;
  if (theta.length !== expected || out.length !== expected) {
    throw new PluginError(
      `integrator '${integrator.name}'`,
      `called the drift field with θ of length ${theta.length} and out of length ${out.length}; both must be N×d = ${particleCount}×${dim} = ${expected}`,
    );
  }
}

/**
 * After integrator.step: it must work in place (returning nothing) and, from finite particles and
 * a finite drift, must not produce NaN (a divergence shows as growth, caught by the engine as
 * DivergenceError; NaN from finite input is a bug). `drift` is the drift it was given.
 */
export function guardIntegratorStep(integrator: Integrator, returned: unknown, theta: Float64Array, drift: Float64Array, particleCount: number, dim: number): void {
  const plugin = `integrator '${integrator.name}'`;
  if (returned !== undefined) {
    const shape = ArrayBuffer.isView(returned) ? `an array of length ${(returned as Float64Array).length}` : typeof returned;
    throw new PluginError(plugin, `step() returned ${shape}; it must update step.theta (N×d = ${particleCount}×${dim}) in place and return nothing`);
  }
  if (theta.length !== particleCount * dim) throw new PluginError(plugin, `θ has length ${theta.length} after the step, expected ${particleCount * dim}`);
  for (let k = 0; k < theta.length; k++) {
    if (Number.isNaN(theta[k])) {
      const driftFinite = drift.every(Number.isFinite);
      if (driftFinite) {
        throw new PluginError(plugin, `left θ = NaN at particle ${Math.floor(k / dim)}, coordinate ${k % dim}, from finite particles and a finite drift`);
      }
      return;
    }
  }
}

/**
 * When the value or the drift of a step is not finite, finds the plugin responsible: NaN features
 * in the point set (environment), NaN weights (evaluator), or a NaN drift from finite weights
 * (backend). At step 0 a non-finite value from finite inputs is also a plugin fault (nothing has
 * moved yet); later ones are left to the engine's DivergenceError.
 */
export function guardEvaluation(
  evaluation: PolicyEvaluation,
  drift: Float64Array,
  names: { readonly environment: string; readonly evaluator: string; readonly backend: string },
  step: number,
): void {
  let driftFinite = true;
  for (let k = 0; k < drift.length; k++) {
    if (!Number.isFinite(drift[k])) {
      driftFinite = false;
      break;
    }
  }
  if (driftFinite && Number.isFinite(evaluation.value)) return;
  const { points, weights } = evaluation;
  if (points.data.length < points.count * points.dim || weights.length !== points.count) {
    throw new PluginError(`evaluator '${names.evaluator}'`, `returned ${points.count} points with ${points.data.length / Math.max(points.dim, 1)} feature rows and ${weights.length} weights`);
  }
  const badFeature = points.data.findIndex((x) => !Number.isFinite(x));
  if (badFeature >= 0) {
    throw new PluginError(`environment '${names.environment}'`, `features returned ${points.data[badFeature]} at point ${Math.floor(badFeature / points.dim)}, coordinate ${badFeature % points.dim}`);
  }
  const badWeight = weights.findIndex((w) => !Number.isFinite(w));
  if (badWeight >= 0 || (step === 0 && !Number.isFinite(evaluation.value))) {
    throw new PluginError(
      `evaluator '${names.evaluator}'`,
      badWeight >= 0 ? `weight ${badWeight} is ${weights[badWeight]} (F = ${evaluation.value}); check the environment's rewards and densities` : `F(ν) = ${evaluation.value} at the initial particles; check the environment's rewards and densities`,
    );
  }
  if (!driftFinite) throw new PluginError(`backend '${names.backend}'`, 'the drift kernel returned a non-finite value from finite points and weights');
}
