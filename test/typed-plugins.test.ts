import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContainerModule } from 'inversify';
import {
  Activation,
  ConfigError,
  createFlow,
  defineActivation,
  defineBackend,
  defineEnvironment,
  defineEvaluator,
  defineInitialLaw,
  defineIntegrator,
  defineMetric,
  definePrior,
  defineSink,
  defineUnit,
  Environment,
  EulerMaruyamaIntegrator,
  GaussianPrior,
  Integrator,
  LinearUnit,
  listPlugins,
  type NoParams,
  ParameterPrior,
  type PluginContext,
  type Random,
  runExperiment,
  TanhActivation,
  Unit,
} from 'mfpg';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { DriftingBandit } from '../examples/custom-env/drifting-bandit';
import { freshDirectory, runCli, smallProblem, withOverrides } from './helpers';

/** A one-state bandit on the torus, r(a) = scale · sin 2πa, with γ and the scale as parameters. */
class ScaledBandit implements Environment {
  private readonly bandit = new DriftingBandit();
  readonly id = 'scaled-bandit';
  readonly stateSpace = this.bandit.stateSpace;
  readonly actionSpace = this.bandit.actionSpace;
  readonly actionMeasure = this.bandit.actionMeasure;
  readonly featureDim = this.bandit.featureDim;
  constructor(
    readonly gamma: number,
    private readonly scale: number,
  ) {}
  features(s: ArrayLike<number>, a: ArrayLike<number>, out: Float64Array, offset: number): void {
    this.bandit.features(s, a, out, offset);
  }
  reward(s: ArrayLike<number>, a: ArrayLike<number>): number {
    return this.scale * this.bandit.reward(s, a);
  }
  sampleInitialState(rng: Random, out: Float64Array): void {
    this.bandit.sampleInitialState(rng, out);
  }
  sampleNextState(s: ArrayLike<number>, a: ArrayLike<number>, rng: Random, out: Float64Array): void {
    this.bandit.sampleNextState(s, a, rng, out);
  }
  initialDensity(): number {
    return 1;
  }
  transitionDensity(): number {
    return 1;
  }
}

const BanditParams = z.object({ gamma: z.number().min(0).lt(1).default(0.5), scale: z.number().positive().default(1), label: z.string().optional() });

let created = 0;
const scaledBandit = defineEnvironment({
  name: 'scaled-bandit',
  description: 'r(a) = scale · sin 2πa',
  params: BanditParams,
  create: (params, context) => {
    // The parameters are typed by the schema (defaults make gamma and scale required numbers).
    expectTypeOf(params).toEqualTypeOf<{ gamma: number; scale: number; label?: string | undefined }>();
    expectTypeOf(context).toEqualTypeOf<PluginContext>();
    created += 1;
    return new ScaledBandit(params.gamma, params.scale);
  },
});

const small = { env: { grid: { states: 1, actions: 16 } }, particles: { count: 8 }, flow: { horizon: 0.2, dt: 0.05 } };

const configError = (act: () => unknown): ConfigError => {
  try {
    act();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('defineEnvironment', () => {
  it('returns a ContainerModule and types create(params, context) from the schema', () => {
    expectTypeOf(scaledBandit).toEqualTypeOf<ContainerModule>();
    defineEnvironment({
      name: 'no-params',
      description: 'takes no parameters',
      create: (params) => {
        expectTypeOf(params).toEqualTypeOf<NoParams>();
        return new DriftingBandit();
      },
    });
    defineEnvironment({
      name: 'typed',
      description: 'a type error is caught at compile time',
      params: z.object({ gamma: z.number() }),
      // @ts-expect-error gamma is a number, not a string
      create: (params) => new ScaledBandit(params.gamma.toUpperCase(), 1),
    });
  });

  it('builds the environment from the validated parameters, defaults filled in, and records them in the config', () => {
    const { container, config } = createFlow({ ...small, env: { ...small.env, name: 'scaled-bandit', params: { scale: 2 } } }, { modules: [scaledBandit] });
    const env = container.get<Environment>(Environment) as ScaledBandit;
    expect(env).toBeInstanceOf(ScaledBandit);
    expect(env.gamma).toBe(0.5);
    expect(env.reward([0], [0.25])).toBeCloseTo(2, 15);
    expect(config.env.params).toEqual({ gamma: 0.5, scale: 2 });
  });

  it('rejects an unknown parameter key, naming it, before any work (the schema is made strict)', () => {
    const before = created;
    const error = configError(() => createFlow({ ...small, env: { ...small.env, name: 'scaled-bandit', params: { scael: 2 } } }, { modules: [scaledBandit] }));
    expect(error.issues.map((issue) => issue.field)).toEqual(['env.params.scael']);
    expect(error.message).toMatch(/known keys: gamma, scale, label/);
    expect(created).toBe(before);
  });

  it('rejects a bad value naming the field, and parameters given to an environment that takes none', () => {
    expect(configError(() => createFlow({ ...small, env: { ...small.env, name: 'scaled-bandit', params: { gamma: 1 } } }, { modules: [scaledBandit] })).issues[0].field).toBe('env.params.gamma');
    const bare = defineEnvironment({ name: 'bare', description: 'no parameters', create: () => new DriftingBandit() });
    expect(configError(() => createFlow({ ...small, env: { ...small.env, name: 'bare', params: { gamma: 0.3 } } }, { modules: [bare] })).issues[0].field).toBe('env.params.gamma');
  });
});

describe('the other plugin points', () => {
  it('defineActivation, defineUnit, definePrior, defineIntegrator, defineInitialLaw register by name and are selected by the config', () => {
    const modules = [
      scaledBandit,
      defineActivation({ name: 'my-tanh', description: 'tanh again', create: () => Object.assign(new TanhActivation(), { name: 'my-tanh' }) }),
      defineUnit({ name: 'my-linear', description: 'θ·x', create: () => new LinearUnit() }),
      definePrior({ name: 'my-prior', description: 'N(0, s0²)', create: (_params, { config }) => new GaussianPrior(2 * config.regularization.s0) }),
      defineIntegrator({ name: 'my-euler', description: 'Euler–Maruyama', create: () => Object.assign(new EulerMaruyamaIntegrator(), { name: 'my-euler' }) }),
      defineInitialLaw({ name: 'my-law', description: 'registered only', create: () => ({ name: 'my-law', sample: () => undefined }) }),
    ];
    const { container, engine } = createFlow(
      { ...small, env: { ...small.env, name: 'scaled-bandit' }, policy: { unit: 'my-linear', activation: 'my-tanh' }, regularization: { prior: 'my-prior' }, flow: { ...small.flow, integrator: 'my-euler' } },
      { modules },
    );
    expect(container.get<Unit>(Unit)).toBeInstanceOf(LinearUnit);
    expect(container.get<Activation>(Activation).name).toBe('my-tanh');
    expect(container.get<ParameterPrior>(ParameterPrior).s0).toBe(2);
    expect(container.get<Integrator>(Integrator).name).toBe('my-euler');
    expect(engine.totalSteps).toBe(4);
    expect(listPlugins(container, 'initialLaw').map((plugin) => plugin.name)).toContain('my-law');
  });

  it('defineEvaluator and defineBackend validate their parameter sections like environments', () => {
    const evaluator = defineEvaluator({
      name: 'zero',
      description: 'zero drift',
      params: z.object({ points: z.number().int().min(1).default(1) }),
      create: ({ points }) => {
        expectTypeOf(points).toEqualTypeOf<number>();
        return { name: 'zero', evaluate: async () => ({ value: 0, points: { count: points, dim: 2, data: new Float64Array(2 * points) }, weights: new Float64Array(points) }) };
      },
    });
    const backend = defineBackend({
      name: 'none',
      description: 'never compiles',
      params: z.object({ lanes: z.number() }),
      create: () => ({ name: 'none', compile: () => { throw new Error('unused'); } }),
    });
    const config = { ...small, env: { ...small.env, name: 'scaled-bandit' }, evaluator: { name: 'zero', params: { pionts: 3 } }, backend: { name: 'none', params: {} } };
    const error = configError(() => createFlow(config, { modules: [scaledBandit, evaluator, backend] }));
    expect(error.issues.map((issue) => issue.field).sort()).toEqual(['backend.params.lanes', 'evaluator.params.pionts']);
  });
});

const pointMassLaw = join(import.meta.dirname, 'fixtures', 'point-mass-initial-law.mjs');

describe('defineInitialLaw', () => {
  const withInit = (init: object) => ({ ...small, env: { ...small.env, name: 'scaled-bandit' }, particles: { count: 8, init } });

  it('types create(params, context) from the schema; without one, params is {}', () => {
    defineInitialLaw({
      name: 'typed',
      description: 'typing only',
      params: z.object({ at: z.number().default(0), width: z.number().optional() }),
      create: (params, context) => {
        expectTypeOf(params).toEqualTypeOf<{ at: number; width?: number | undefined }>();
        expectTypeOf(context).toEqualTypeOf<PluginContext>();
        return { name: 'typed', sample: () => undefined };
      },
    });
    defineInitialLaw({
      name: 'bare',
      description: 'no keys',
      create: (params) => {
        expectTypeOf(params).toEqualTypeOf<NoParams>();
        return { name: 'bare', sample: () => undefined };
      },
    });
  });

  it('particles.init {name: point-mass, at} selects the plugin: every initial coordinate is at; at defaults to 0 in the config', async () => {
    const { default: pointMass } = await import(pointMassLaw);
    const { engine, config } = createFlow(withInit({ name: 'point-mass', at: 1.5 }), { modules: [scaledBandit, pointMass] });
    expect(engine.theta.length).toBe(8 * engine.dim);
    expect([...new Set(engine.theta)]).toEqual([1.5]);
    expect(config.particles.init).toEqual({ name: 'point-mass', at: 1.5 });
    const defaulted = createFlow(withInit({ name: 'point-mass' }), { modules: [scaledBandit, pointMass] });
    expect(defaulted.config.particles.init).toEqual({ name: 'point-mass', at: 0 });
    expect([...new Set(defaulted.engine.theta)]).toEqual([0]);
  });

  it('a wrong key, a bad value and an unregistered name are ConfigErrors naming the field, before the law is built', () => {
    let built = 0;
    const counted = defineInitialLaw({
      name: 'counted',
      description: 'counts its constructions',
      params: z.object({ at: z.number().default(0) }),
      create: () => {
        built += 1;
        return { name: 'counted', sample: () => undefined };
      },
    });
    const modules = [scaledBandit, counted];
    const wrongKey = configError(() => createFlow(withInit({ name: 'counted', att: 1 }), { modules }));
    expect(wrongKey.issues.map((issue) => issue.field)).toEqual(['particles.init.att']);
    expect(wrongKey.message).toMatch(/no key "att" here; known keys: at/);
    expect(configError(() => createFlow(withInit({ name: 'counted', at: 'one' }), { modules })).issues.map((issue) => issue.field)).toEqual(['particles.init.at']);
    const unknown = configError(() => createFlow(withInit({ name: 'dirac' }), { modules }));
    expect(unknown.issues.map((issue) => issue.field)).toEqual(['particles.init.name']);
    expect(unknown.message).toMatch(/one of counted, file, gaussian, uniform/);
    expect(built).toBe(0);
  });

  it('mfpg run --plugin selects it by name (step 0 has max|θ| = at exactly); a wrong key or name is exit 2 before any file', async () => {
    const args = (init: object, out: string) => ['run', '--plugin', pointMassLaw, '--plugin', spreadMetric, ...withOverrides(...smallProblem, 'particles.count=8', `particles.init=${JSON.stringify(init)}`, 'monitor.metrics=[{"name":"spread"}]'), '--out', out];
    const out = join(freshDirectory(), 'run');
    const ran = await runCli(args({ name: 'point-mass', at: -0.75 }, out));
    expect(ran.code).toBe(0);
    const first = JSON.parse(readFileSync(join(out, 'metrics.jsonl'), 'utf8').split('\n')[0]);
    // Every initial coordinate is −0.75, so the largest |θ_k| at step 0 is 0.75 to the last bit.
    expect(first.step).toBe(0);
    expect(first['spread/max']).toBe(0.75);
    for (const [init, field, allowed] of [
      [{ name: 'point-mass', att: 1 }, /particles\.init\.att/, /known keys: at/],
      [{ name: 'dirac' }, /particles\.init\.name/, /one of file, gaussian, point-mass, uniform/],
    ] as const) {
      const refusedOut = join(freshDirectory(), 'run');
      const refused = await runCli(args(init, refusedOut));
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(field);
      expect(refused.stderr).toMatch(allowed);
      expect(existsSync(refusedOut)).toBe(false);
    }
  });
});

const spreadMetric = join(import.meta.dirname, 'fixtures', 'spread-metric-plugin.mjs');

describe('defineMetric and defineSink', () => {
  it('types the options (every resolved to a number) and the context', () => {
    defineMetric({
      name: 'typed',
      description: 'typing only',
      options: z.object({ k: z.number().default(3) }),
      create: (options, context) => {
        expectTypeOf(options).toEqualTypeOf<Omit<{ k: number; every?: number | undefined }, 'every'> & { readonly every: number }>();
        expectTypeOf(context.field).toEqualTypeOf<string>();
        return (steps$) => steps$ as never;
      },
    });
  });

  it('runs a user metric with its options, every defaulting to monitor.every', async () => {
    const { default: spread } = await import(spreadMetric);
    const out = join(freshDirectory(), 'run');
    const { summary } = await runExperiment(
      { ...small, env: { ...small.env, name: 'scaled-bandit' }, monitor: { every: 2, metrics: [{ name: 'spread', scale: 2 }], sinks: { progress: false, plots: false } } },
      { out, modules: [scaledBandit, spread] },
    );
    expect(summary.status).toBe('completed');
    const rows = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const particles = JSON.parse(readFileSync(join(out, 'particles.json'), 'utf8'));
    const theta: number[] = (particles.theta ?? particles).flat();
    const last = rows.at(-1);
    // The final row's spread is 2·max|θ| of the final particles, exactly (the same doubles).
    expect(last['spread/max']).toBe(2 * Math.max(...theta.map(Math.abs)));
    expect(rows.filter((row) => 'spread/max' in row).map((row) => row.step)).toEqual([0, 2, 4]);
  });

  it('mfpg run with {"name":"spread","evry":5} is exit 2 naming evry, before any file is written', async () => {
    const out = join(freshDirectory(), 'run');
    const { code, stderr } = await runCli(['run', '--plugin', spreadMetric, ...withOverrides(...smallProblem, 'particles.count=8', 'monitor.metrics=[{"name":"spread","evry":5}]'), '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/monitor\.metrics\.0\.evry/);
    expect(stderr).toMatch(/known keys: every, scale/);
    expect(existsSync(out)).toBe(false);
  });

  it('a sink declared with defineSink gets typed options, and an unknown option key is bad input naming it', async () => {
    const seen: number[] = [];
    const sink = defineSink({
      name: 'collect',
      description: 'collects the value of each logged row',
      options: z.object({ key: z.string().default('value') }),
      create: ({ key }) => {
        expectTypeOf(key).toEqualTypeOf<string>();
        return { write: (row) => void seen.push(row[key]) };
      },
    });
    const config = (options: object) => ({ ...small, env: { ...small.env, name: 'scaled-bandit' }, monitor: { every: 2, sinks: { progress: false, plots: false, collect: options } } });
    await runExperiment(config({}), { out: join(freshDirectory(), 'run'), modules: [scaledBandit, sink] });
    expect(seen).toHaveLength(3);
    expect(seen.every(Number.isFinite)).toBe(true);
    const error = await runExperiment(config({ kye: 'value' }), { out: join(freshDirectory(), 'run'), modules: [scaledBandit, sink] }).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((issue) => issue.field)).toEqual(['monitor.sinks.collect.kye']);
  });

  it('metrics and sinks are described at their points like every other plugin', () => {
    const { container } = createFlow({ ...small, env: { ...small.env, name: 'scaled-bandit' } }, { modules: [scaledBandit] });
    expect(listPlugins(container, 'metric').map((plugin) => plugin.name)).toContain('stein');
    expect(listPlugins(container, 'sink').map((plugin) => plugin.name)).toEqual(expect.arrayContaining(['progress', 'jsonl', 'csv', 'plots']));
  });
});
