import { z } from 'zod';
import { OVERRIDE_KEY } from './override-key';
import { PluginRecordSchema } from './plugin-record';
import { MAX_SCHEDULED_STEPS, scheduledStepCount, SchedulesConfigSchema } from './schedule';

export const RunConfig = Symbol.for('mfpg.RunConfig');

const count = (what: string) => z.number({ error: `an integer ≥ 1 (${what})` }).int({ error: `an integer ≥ 1 (${what})` }).min(1, { error: `an integer ≥ 1 (${what})` });
const positive = (what: string) => z.number({ error: `a number > 0 (${what})` }).positive({ error: `a number > 0 (${what})` }).finite({ error: `a finite number > 0 (${what})` });
const pluginName = (point: string) => z.string({ error: `the name of a registered ${point}` }).min(1, { error: `the name of a registered ${point}` });
const parameters = z.record(z.string(), z.unknown(), { error: 'an object of plugin parameters' });
const scalarOrVector = (what: string) => z.union([z.number(), z.array(z.number()).min(1)], { error: `a number or an array of numbers (${what})` });

/** The built-in initial laws ν_0 by name, each with its own keys (loose here: checked below). */
const initialLawOptions = [
  z.looseObject({
    name: z.literal('gaussian'),
    /** Mean of each coordinate (scalar: the same for all d coordinates). */
    mean: scalarOrVector('mean of each coordinate').optional(),
    /** Standard deviation of each coordinate. */
    std: scalarOrVector('standard deviation of each coordinate').optional(),
  }),
  z.looseObject({
    name: z.literal('uniform'),
    /** Lower corner of the box (scalar: the same for all d coordinates). */
    low: scalarOrVector('lower corner of the box'),
    /** Upper corner of the box, > low coordinate-wise. */
    high: scalarOrVector('upper corner of the box'),
  }),
  z.looseObject({
    name: z.literal('file'),
    /** A JSON file of N×d particles: an array of N rows, or an object with `theta` (e.g. a run's particles.json). */
    path: z.string({ error: 'a path to a JSON file of particles' }).min(1, { error: 'a path to a JSON file of particles' }),
  }),
] as const;

const builtInInitialLawNames: readonly string[] = initialLawOptions.map((option) => option.shape.name.value);

/** A built-in law by `name`: `gaussian` {mean, std}, `uniform` {low, high}, `file` {path}. Keys of another law are reported with the keys this one takes. */
const BuiltInInitialLawSchema = z.discriminatedUnion('name', initialLawOptions).superRefine((law, context) => {
  const known = Object.keys(initialLawOptions.find((option) => option.shape.name.value === law.name)?.shape ?? {});
  for (const [key, value] of Object.entries(law)) {
    if (!known.includes(key)) context.addIssue({ code: 'custom', path: [key], input: value, message: `no key "${key}" for initial law ${law.name}; its keys: ${known.join(', ')}` });
  }
});

/** `particles.init` of a built-in initial law. */
export type BuiltInInitialLawConfig = z.output<typeof BuiltInInitialLawSchema>;

/** Each built-in law's own keys (all of `particles.init` but `name`), as the `params` of its plugin descriptor. */
export const builtInInitialLawParams = {
  gaussian: initialLawOptions[0].omit({ name: true }),
  uniform: initialLawOptions[1].omit({ name: true }),
  file: initialLawOptions[2].omit({ name: true }),
} satisfies Record<BuiltInInitialLawConfig['name'], z.ZodType>;

/**
 * `particles.init` of a plugin's initial law (defineInitialLaw): its name and its own keys, which the
 * plugin's `params` schema checks once the plugins are known.
 */
export interface PluginInitialLawConfig {
  name: string;
  [key: string]: unknown;
}

export type InitialLawConfig = BuiltInInitialLawConfig | PluginInitialLawConfig;

const initialLawName = `one of ${builtInInitialLawNames.join(', ')} or a registered initial law plugin's name`;

/**
 * The initial law ν_0 of the particles, by `name`: a built-in law's keys are checked here; another
 * name must be a registered plugin's, checked with its keys when the container is built.
 */
export const InitialLawConfigSchema: z.ZodType<InitialLawConfig> = z
  .looseObject({ name: z.string({ error: initialLawName }).min(1, { error: initialLawName }) })
  .superRefine((law, context) => {
    if (!builtInInitialLawNames.includes(law.name)) return;
    const parsed = BuiltInInitialLawSchema.safeParse(law, { reportInput: true });
    for (const issue of parsed.error?.issues ?? []) context.addIssue({ ...issue });
  });

/** One entry of `monitor.metrics`: a registered metric by name, its cadence, and its own options. */
export const MonitorMetricConfigSchema = z.looseObject({
  name: pluginName('metric'),
  /** Compute it every this many steps (default: `monitor.every`). */
  every: count('steps between evaluations of this metric').optional(),
});

const rowKey = z.string({ error: 'a key of the logged rows, e.g. objective or distance/w2-successive' }).min(1, { error: 'a key of the logged rows' });

/** `monitor.stop`: conditions, checked on each logged row, that end a run early. */
export const MonitorStopConfigSchema = z
  .object({
    /** Stop once `metric` has varied by less than `tolerance` over the last `window` time units. */
    plateau: z.object({ metric: rowKey.default('objective'), window: positive('time window'), tolerance: positive('largest variation over the window') }).strict().optional(),
    /** Stop once `metric` reaches `value` (from below with `above`, from above with `below`). */
    target: z
      .object({
        metric: rowKey.default('objective'),
        value: z.number({ error: 'a finite number' }).finite({ error: 'a finite number' }),
        direction: z.enum(['above', 'below'], { error: 'above or below' }).default('above'),
      })
      .strict()
      .optional(),
    /** Report divergence (exit 3) once `metric` is not finite or |metric| exceeds `limit`. */
    divergence: z.object({ metric: rowKey.default('objective'), limit: positive('largest allowed |metric|') }).strict().optional(),
  })
  .strict();

const overrideExample = 'a key.path=value override as for --set, e.g. particles.init.mean=1.5';

/** One per-replica override, `key.path=value` as `--set` takes it; the replicas section is common to all replicas. */
const replicaOverride = z
  .string({ error: overrideExample })
  .refine((text) => text.indexOf('=') > 0 && OVERRIDE_KEY.test(text.slice(0, text.indexOf('='))), { error: overrideExample })
  .refine((text) => !/^replicas[.=]/.test(text), { error: 'a field of one run (the replicas section is common to all replicas)' });

/**
 * `replicas`: K copies of the flow run in lockstep, with the W2 distance between every pair of
 * particle clouds logged (docs/math.md §4 item 3). `count` 1 is a single run. Which seeds each replica
 * gets is documented in docs/metrics.md ("Replicas").
 */
export const ReplicasConfigSchema = z
  .object({
    /** K, the number of replicas (1: a single run). */
    count: count('number of replicas run in lockstep'),
    /** `independent`: replica k adds k to the seeds; `shared`: one `seed` (the same Brownian increments), `particles.initSeed` + k. */
    noise: z.enum(['independent', 'shared'], { error: 'independent (each replica its own noise) or shared (the same Brownian increments)' }),
    /** Log the replica distances every this many steps (default: `monitor.every`). */
    every: count('steps between replica distances').optional(),
    /** One list of `key.path=value` overrides per replica, applied last (e.g. a different ν_0 each). */
    overrides: z
      .array(z.array(replicaOverride, { error: `a list of overrides, each ${overrideExample}` }), {
        error: 'one list of key.path=value overrides per replica, e.g. [["particles.init.mean=1.5"], ["particles.init.mean=-1.5"]]',
      })
      .optional(),
    /** Options of the W2 distance (`method` auto/exact/sliced, `exactLimit`, `directions`, `seed`), checked when the run starts. */
    w2: z.record(z.string(), z.unknown(), { error: 'an object of W2 options { method?, exactLimit?, directions?, seed? }' }).optional(),
  })
  .strict()
  .superRefine((replicas, context) => {
    if (replicas.overrides === undefined || (replicas.count > 1 && replicas.overrides.length === replicas.count)) return;
    context.addIssue({
      code: 'custom',
      path: ['overrides'],
      input: replicas.overrides,
      message:
        replicas.count === 1
          ? 'no per-replica overrides when replicas.count = 1 (set the fields of a single run directly)'
          : `one list per replica: ${replicas.count} lists (replicas.count = ${replicas.count}), given ${replicas.overrides.length}`,
    });
  });

/**
 * The run configuration (docs/architecture.md "Contract"): every plugin is chosen by name, with its own
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
        /**
         * Quadrature nodes per dimension for grid evaluation (docs/math.md §5); a size left out is the
         * environment's `defaultGrid` suggestion, else 64.
         */
        grid: z.object({ states: count('state nodes per dimension').optional(), actions: count('action nodes per dimension').optional() }).strict(),
      })
      .strict(),
    policy: z
      .object({
        unit: pluginName('unit'),
        activation: pluginName('activation'),
        /** L in ℓ(c) = L·tanh(c/L); null for an unbounded output weight ℓ(c) = c (docs/math.md §2). */
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
        /** Seed of the initial draws only; omitted: they come from `seed` (then the noise continues that stream). Lets replicas share noise yet start apart. */
        initSeed: z.number({ error: 'an integer in [0, 2^32)' }).int({ error: 'an integer in [0, 2^32)' }).min(0, { error: 'an integer in [0, 2^32)' }).max(2 ** 32 - 1, { error: 'an integer in [0, 2^32)' }).optional(),
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
        /** k of the Kozachenko–Leonenko k-nearest-neighbour entropy estimate (docs/math.md §5). */
        klNeighbors: count('nearest neighbours for the KL estimate'),
        /** Extra metrics by registered name (`MetricDefinition`), each `{ name, every?, …its options }`. */
        metrics: z.array(MonitorMetricConfigSchema, { error: 'a list of metrics { name, every?, …options }' }),
        /** Sinks by registered name (`SinkDefinition`) → their options, or false to switch one off. */
        sinks: z.record(z.string(), z.union([parameters, z.literal(false)], { error: 'an object of sink options, or false to switch the sink off' }), {
          error: 'an object { sinkName: options | false }',
        }),
        stop: MonitorStopConfigSchema,
      })
      .strict(),
    replicas: ReplicasConfigSchema,
    /** The plugin files the run loaded, recorded by `mfpg run --plugin` (path and SHA-256) so its config.json runs again alone. */
    plugins: z.array(PluginRecordSchema, { error: 'a list of plugin files { path, sha256 }' }).optional(),
    /** σ(t), τ(t), dt(t) (optional; left out: constant). */
    schedules: SchedulesConfigSchema.optional(),
  })
  .strict()
  .superRefine((config, context) => {
    const dt = config.schedules?.dt;
    // A decay to dt∞ ≤ 0 is reported by the schedule's own check; it would never arrive.
    const decaysToZero = dt?.kind === 'exponential' && !((dt.final ?? 0) > 0);
    if (dt !== undefined && !decaysToZero && scheduledStepCount(dt, config.flow.dt, config.flow.horizon) === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['schedules', 'dt'],
        input: dt,
        message: `a dt schedule that reaches flow.horizon = ${config.flow.horizon} in at most ${MAX_SCHEDULED_STEPS} steps`,
      });
    }
  });

/** A fully resolved and validated run configuration. */
export type RunConfig = z.infer<typeof RunConfigSchema>;

/**
 * Number of steps of a run: horizon/dt, rounded up unless it is an integer up to round-off; with a
 * dt schedule, the steps of `scheduledTimes` (counted, not kept).
 */
export function stepCount(config: Pick<RunConfig, 'flow'> & Partial<Pick<RunConfig, 'schedules'>>): number {
  const schedule = config.schedules?.dt;
  if (schedule !== undefined) {
    const steps = scheduledStepCount(schedule, config.flow.dt, config.flow.horizon);
    if (steps === undefined) throw new RangeError(`the dt schedule needs more than ${MAX_SCHEDULED_STEPS} steps to reach the horizon ${config.flow.horizon}`);
    return steps;
  }
  const ratio = config.flow.horizon / config.flow.dt;
  const nearest = Math.round(ratio);
  return Math.abs(ratio - nearest) <= 1e-9 * Math.max(1, ratio) ? nearest : Math.ceil(ratio);
}
