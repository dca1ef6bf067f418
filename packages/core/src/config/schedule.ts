import { z } from 'zod';

const positive = (what: string) => z.number({ error: `a number > 0 (${what})` }).positive({ error: `a number > 0 (${what})` }).finite({ error: `a finite number > 0 (${what})` });

const scheduleOptions = [
  z.looseObject({ kind: z.literal('constant') }),
  z.looseObject({
    kind: z.literal('exponential'),
    /** Decay rate λ > 0 per time unit. */
    rate: positive('decay rate per time unit'),
    /** The limit v∞ ≥ 0 as t → ∞ (default 0; τ and dt need one > 0). */
    final: z.number({ error: 'a number ≥ 0 (the limit as t → ∞)' }).min(0, { error: 'a number ≥ 0 (the limit as t → ∞)' }).finite({ error: 'a finite number ≥ 0' }).optional(),
  }),
  z.looseObject({
    kind: z.literal('inverse-log'),
    /** T > 0 in v(t) = v0 / ln(e + t/T)^p (default 1). */
    timeScale: positive('time scale T').optional(),
    /** p > 0 in v(t) = v0 / ln(e + t/T)^p (default 1; ½ for σ makes σ² ∝ 1/log t). */
    power: positive('power p').optional(),
  }),
] as const;

/**
 * How a quantity v (σ, τ or dt) varies with the flow's time t, starting from its configured value
 * v0 (`regularization.sigma`, `regularization.tau`, `flow.dt`):
 * - `constant`: v(t) = v0;
 * - `exponential` {rate λ, final v∞ = 0}: v(t) = v∞ + (v0 − v∞) e^{−λt};
 * - `inverse-log` {timeScale T = 1, power p = 1}: v(t) = v0 / ln(e + t/T)^p — the logarithmic
 *   annealing of simulated annealing (σ² ∝ 1/log t with p = ½ on σ).
 * Keys of another kind are reported with the keys this kind takes.
 */
export const ScheduleConfigSchema = z
  .discriminatedUnion('kind', scheduleOptions, {
    error: (issue) => (issue.code === 'invalid_union' ? `an object with kind ${scheduleOptions.map((option) => option.shape.kind.value).join(', ')}` : undefined),
  })
  .superRefine((schedule, context) => {
    const known = Object.keys(scheduleOptions.find((option) => option.shape.kind.value === schedule.kind)?.shape ?? {});
    for (const [key, value] of Object.entries(schedule)) {
      if (!known.includes(key)) context.addIssue({ code: 'custom', path: [key], input: value, message: `no key "${key}" for a ${schedule.kind} schedule; its keys: ${known.join(', ')}` });
    }
  });
export type ScheduleConfig = z.infer<typeof ScheduleConfigSchema>;

/** `schedules`: σ(t), τ(t) and dt(t); a quantity left out is constant. */
export const SchedulesConfigSchema = z
  .object({
    /** The noise σ(t) of the particle SDE, from `regularization.sigma`. */
    sigma: ScheduleConfigSchema.optional(),
    /** The policy-entropy strength τ(t), from `regularization.tau` (must stay > 0). */
    tau: ScheduleConfigSchema.optional(),
    /** The time step dt(t), from `flow.dt` (must stay > 0): step n takes dt(t_n), t_{n+1} = t_n + dt(t_n). */
    dt: ScheduleConfigSchema.optional(),
  })
  .strict()
  .superRefine((schedules, context) => {
    for (const key of ['tau', 'dt'] as const) {
      const schedule = schedules[key];
      if (schedule?.kind === 'exponential' && !((schedule.final ?? 0) > 0)) {
        context.addIssue({
          code: 'custom',
          path: [key, 'final'],
          input: schedule.final,
          message: `a number > 0: ${key === 'tau' ? 'τ(t)' : 'dt(t)'} must stay > 0, so its exponential decay needs a limit final > 0`,
        });
      }
    }
  });
export type SchedulesConfig = z.infer<typeof SchedulesConfigSchema>;

/** The value at time t of a quantity whose value at t = 0 is `initial`, under `schedule` (none: constant). */
export function scheduledValue(schedule: ScheduleConfig | undefined, initial: number, t: number): number {
  if (schedule === undefined) return initial;
  switch (schedule.kind) {
    case 'constant':
      return initial;
    case 'exponential': {
      const final = schedule.final ?? 0;
      return final + (initial - final) * Math.exp(-schedule.rate * t);
    }
    case 'inverse-log':
      return initial / Math.log(Math.E + t / (schedule.timeScale ?? 1)) ** (schedule.power ?? 1);
  }
}

/** A dt schedule that needs more steps than this to reach the horizon is a configuration error. */
export const MAX_SCHEDULED_STEPS = 10_000_000;

/**
 * The number of steps of {@link scheduledTimes} (the same accumulation, in the same order) without
 * keeping the times; undefined beyond {@link MAX_SCHEDULED_STEPS}.
 */
export function scheduledStepCount(schedule: ScheduleConfig, initialDt: number, horizon: number): number | undefined {
  const end = horizon * (1 - 1e-9);
  let steps = 0;
  for (let t = 0; t < end; steps++) {
    if (steps >= MAX_SCHEDULED_STEPS) return undefined;
    t += scheduledValue(schedule, initialDt, t);
  }
  return steps;
}

/**
 * The times t_0 = 0 < t_1 < … < t_n of a run whose step size follows `schedule` from `initialDt`:
 * t_{k+1} = t_k + dt(t_k), until t_n reaches the horizon (up to a relative 1e-9, as a constant dt's
 * step count is rounded). Accumulated in order, so the same config always gives the same times.
 * Returns undefined if more than {@link MAX_SCHEDULED_STEPS} steps would be needed.
 */
export function scheduledTimes(schedule: ScheduleConfig, initialDt: number, horizon: number): Float64Array | undefined {
  // Count first, so that a schedule that never arrives costs no memory.
  const steps = scheduledStepCount(schedule, initialDt, horizon);
  if (steps === undefined) return undefined;
  const times = new Float64Array(steps + 1);
  for (let k = 0; k < steps; k++) times[k + 1] = times[k] + scheduledValue(schedule, initialDt, times[k]);
  return times;
}
