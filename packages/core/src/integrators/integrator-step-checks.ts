import type { IntegratorStep } from '../plugin-points/integrator';
import type { ParameterPrior } from '../plugin-points/parameter-prior';

/**
 * Checks the shapes and scalars of one step and returns N·d. Thrown before θ is touched, so a
 * caller's bug never leaves the particles half-updated.
 */
export function checkIntegratorStep(integrator: string, step: IntegratorStep): number {
  const { theta, drift, particleCount, dim, dt, sigma } = step;
  if (!Number.isInteger(particleCount) || particleCount < 1 || !Number.isInteger(dim) || dim < 1) {
    throw new RangeError(`${integrator}: particleCount and dim must be positive integers, got ${particleCount} and ${dim}`);
  }
  const size = particleCount * dim;
  if (theta.length !== size || drift.length !== size) {
    throw new RangeError(`${integrator}: theta and drift must hold N·d = ${size} numbers, got ${theta.length} and ${drift.length}`);
  }
  if (!(dt > 0) || !Number.isFinite(dt)) throw new RangeError(`${integrator}: dt must be a finite number > 0, got ${dt}`);
  if (!(sigma >= 0) || !Number.isFinite(sigma)) throw new RangeError(`${integrator}: sigma must be a finite number ≥ 0, got ${sigma}`);
  return size;
}

/** The prior's Gaussian scale s0, or an error saying why an exact OU step needs one (docs/math.md §6). */
export function requireGaussianScale(integrator: string, prior: ParameterPrior): number {
  const s0 = prior.s0;
  if (s0 === undefined || !(s0 > 0) || !Number.isFinite(s0)) {
    throw new RangeError(
      `${integrator}: the exact Ornstein–Uhlenbeck step needs the quadratic prior U(θ) = |θ|²/(2 s0²), ` +
        `but prior '${prior.name}' declares no Gaussian scale s0; use euler-maruyama, heun or leimkuhler-matthews`,
    );
  }
  return s0;
}
