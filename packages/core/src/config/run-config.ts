import { z } from 'zod';

export const RunConfig = Symbol('RunConfig');

const count = (what: string) => z.number({ error: `an integer ≥ 1 (${what})` }).int({ error: `an integer ≥ 1 (${what})` }).min(1, { error: `an integer ≥ 1 (${what})` });
const positive = (what: string) => z.number({ error: `a number > 0 (${what})` }).positive({ error: `a number > 0 (${what})` }).finite({ error: `a finite number > 0 (${what})` });
const pluginName = (point: string) => z.string({ error: `the name of a registered ${point}` }).min(1, { error: `the name of a registered ${point}` });
const parameters = z.record(z.string(), z.unknown(), { error: 'an object of plugin parameters' });
const scalarOrVector = (what: string) => z.union([z.number(), z.array(z.number()).min(1)], { error: `a number or an array of numbers (${what})` });

/** The initial law ν_0 of the particles. */
export const InitialLawConfigSchema = z
  .object({
    name: pluginName('initial law'),
    /** Mean of each coordinate (scalar: the same for all d coordinates). */
    mean: scalarOrVector('mean of each coordinate').optional(),
    /** Standard deviation of each coordinate. */
    std: scalarOrVector('standard deviation of each coordinate').optional(),
  })
  .strict();

/**
 * The run configuration (ARCHITECTURE.md "Contract"): every plugin is chosen by name, with its own
 * parameters. This schema is strict: unknown keys are errors.
 */
export const RunConfigSchema = z
  .object({
    env: z
      .object({
        /** Registered environment name, e.g. `controlled-torus`. */
        name: pluginName('environment'),
        /** Parameters validated by the environment's own schema (γ lives here). */
        params: parameters,
        /** Quadrature nodes per dimension for grid evaluation (MATH.md §5). */
        grid: z.object({ states: count('state nodes per dimension'), actions: count('action nodes per dimension') }).strict(),
      })
      .strict(),
    policy: z
      .object({
        unit: pluginName('unit'),
        activation: pluginName('activation'),
        /** L in ℓ(c) = L·tanh(c/L); null for an unbounded output weight ℓ(c) = c (MATH.md §2). */
        outputBound: z.union([positive('output-weight bound L'), z.null()], { error: 'a number > 0, or null for no bound' }),
      })
      .strict(),
    regularization: z
      .object({
        /** Policy-entropy strength τ > 0. */
        tau: positive('policy entropy strength τ'),
        /** Noise σ ≥ 0 of the particle SDE (σ = 0: deterministic ascent). */
        sigma: z.number({ error: 'a number ≥ 0 (noise σ)' }).min(0, { error: 'a number ≥ 0 (noise σ)' }).finite({ error: 'a finite number ≥ 0 (noise σ)' }),
        /** Scale s0 of the Gaussian prior U(θ) = |θ|²/(2 s0²). */
        s0: positive('prior scale s0'),
        prior: pluginName('parameter prior'),
      })
      .strict(),
    particles: z
      .object({
        count: count('number of particles N'),
        init: InitialLawConfigSchema,
      })
      .strict(),
    flow: z
      .object({
        integrator: pluginName('integrator'),
        dt: positive('time step dt'),
        horizon: positive('final time'),
        /** A particle coordinate beyond this magnitude is reported as divergence. */
        maxParticleNorm: positive('largest allowed particle coordinate'),
      })
      .strict(),
    evaluator: z.object({ name: pluginName('evaluator'), params: parameters }).strict(),
    backend: z.object({ name: pluginName('particle backend'), params: parameters }).strict(),
    seed: z
      .number({ error: 'an integer in [0, 2^32)' })
      .int({ error: 'an integer in [0, 2^32)' })
      .min(0, { error: 'an integer in [0, 2^32)' })
      .max(2 ** 32 - 1, { error: 'an integer in [0, 2^32)' }),
    monitor: z
      .object({
        /** Log metrics every this many steps (the first and last steps are always logged). */
        every: count('steps between logged metrics'),
        /** k of the Kozachenko–Leonenko k-nearest-neighbour entropy estimate (MATH.md §5). */
        klNeighbors: count('nearest neighbours for the KL estimate'),
      })
      .strict(),
  })
  .strict();

/** A fully resolved and validated run configuration. */
export type RunConfig = z.infer<typeof RunConfigSchema>;

/** Number of steps of a run: horizon/dt, rounded up unless it is an integer up to round-off. */
export function stepCount(config: Pick<RunConfig, 'flow'>): number {
  const ratio = config.flow.horizon / config.flow.dt;
  const nearest = Math.round(ratio);
  return Math.abs(ratio - nearest) <= 1e-9 * Math.max(1, ratio) ? nearest : Math.ceil(ratio);
}
