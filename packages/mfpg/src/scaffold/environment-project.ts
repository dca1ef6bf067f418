/**
 * The files of a new environment plugin project (`mfpg new env NAME`): a TypeScript package that
 * depends on `mfpg`, compiles under `strict`, and registers one environment with defineEnvironment.
 * The environment is a small but complete MDP (two states, actions on the circle, densities for exact
 * grid evaluation), so `npm run check` and `npm start` pass before the user changes anything.
 */

/** A valid plugin/package name: lower-case letters, digits and dashes, starting with a letter. */
export const PLUGIN_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** `my-env` → `MyEnv`. */
export function className(name: string): string {
  return name
    .split('-')
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

/** Relative path → content of every file of the project. */
export function environmentProject(name: string, mfpgVersion: string): Record<string, string> {
  const Name = className(name);
  const packageJson = {
    name,
    version: '0.1.0',
    private: true,
    description: `${name}: an environment plugin for mfpg`,
    type: 'module',
    main: `./dist/${name}.js`,
    scripts: {
      build: 'tsc -p tsconfig.json',
      check: `mfpg check-env ${name} --plugin ./dist/${name}.js`,
      start: `mfpg run --plugin ./dist/${name}.js --set env.name=${name}`,
    },
    dependencies: { mfpg: `^${mfpgVersion}` },
    devDependencies: { '@types/node': '^20.19.0', typescript: '~5.9.3' },
  };
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2022'],
      types: ['node'],
      strict: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      isolatedModules: true,
      rootDir: 'src',
      outDir: 'dist',
      declaration: true,
    },
    include: ['src'],
  };
  return {
    'package.json': `${JSON.stringify(packageJson, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify(tsconfig, null, 2)}\n`,
    '.gitignore': 'node_modules/\ndist/\nruns/\n',
    [`src/${name}.ts`]: environmentSource(name, Name),
    'README.md': readme(name),
  };
}

function environmentSource(name: string, Name: string): string {
  return `import { defineEnvironment, type Environment, type Random, UniformTorusMeasure, z } from 'mfpg';

const TAU = 2 * Math.PI;

/** The parameters of ${name} (\`env.params\`), checked before any work; unknown keys are errors. */
export const ${Name}Params = z.object({
  /** Discount factor γ ∈ [0, 1). */
  gamma: z.number().min(0, 'a discount factor in [0, 1)').lt(1, 'a discount factor in [0, 1)').default(0.9),
  /** How strongly the action steers the next state, ε ∈ [0, 1]. */
  control: z.number().min(0, 'a number in [0, 1]').max(1, 'a number in [0, 1]').default(0.8),
});
export type ${Name}Params = z.output<typeof ${Name}Params>;

/**
 * Two states {0, 1}, actions on the circle [0, 1) with the uniform reference measure μ. Being in
 * state 1 pays 1; from any state the next one is 1 with probability p(a) = (1 + ε sin 2πa)/2, so the
 * best actions sit near a = 1/4. Replace the dynamics, reward and features with your own problem
 * (docs/environments.md of mfpg lists every space kind and reference measure).
 */
export class ${Name} implements Environment {
  readonly id = '${name}';
  readonly stateSpace = { kind: 'finite', dim: 1, size: 2 } as const;
  readonly actionSpace = { kind: 'torus', dim: 1 } as const;
  readonly actionMeasure = new UniformTorusMeasure(1);
  readonly featureDim = 4;
  readonly gamma: number;
  private readonly control: number;

  constructor(params: ${Name}Params) {
    this.gamma = params.gamma;
    this.control = params.control;
  }

  /** x(s, a) = (cos 2πa, sin 2πa, s·cos 2πa, s·sin 2πa): the policy can act differently in each state. */
  features(s: ArrayLike<number>, a: ArrayLike<number>, out: Float64Array, offset: number): void {
    const c = Math.cos(TAU * a[0]);
    const d = Math.sin(TAU * a[0]);
    out[offset] = c;
    out[offset + 1] = d;
    out[offset + 2] = s[0] * c;
    out[offset + 3] = s[0] * d;
  }

  reward(s: ArrayLike<number>): number {
    return s[0];
  }

  sampleInitialState(rng: Random, out: Float64Array): void {
    out[0] = rng.uniform() < 0.5 ? 1 : 0;
  }

  sampleNextState(_s: ArrayLike<number>, a: ArrayLike<number>, rng: Random, out: Float64Array): void {
    out[0] = rng.uniform() < this.upProbability(a) ? 1 : 0;
  }

  /** ρ({s}) = 1/2 (a density w.r.t. the counting measure on finite spaces). */
  initialDensity(): number {
    return 0.5;
  }

  transitionDensity(_s: ArrayLike<number>, a: ArrayLike<number>, next: ArrayLike<number>): number {
    const up = this.upProbability(a);
    return next[0] === 1 ? up : 1 - up;
  }

  private upProbability(a: ArrayLike<number>): number {
    return (1 + this.control * Math.sin(TAU * a[0])) / 2;
  }
}

/** The plugin: load it with \`mfpg run --plugin ./dist/${name}.js --set env.name=${name}\`. */
export default defineEnvironment({
  name: '${name}',
  description: 'two states, actions on the circle steer towards the paying state',
  params: ${Name}Params,
  create: (params) => new ${Name}(params),
});
`;
}

function readme(name: string): string {
  return `# ${name}

An environment plugin for [mfpg](https://www.npmjs.com/package/mfpg) (mean-field Langevin policy
gradient), made by \`npx mfpg new env ${name}\`.

\`\`\`sh
npm install
npm run build        # tsc: src/${name}.ts → dist/${name}.js
npm run check        # mfpg check-env ${name}: shapes, finiteness, densities, samplers, determinism
npm start            # mfpg run with env.name=${name}; results in ./runs/
npx mfpg run --plugin ./dist/${name}.js --set env.name=${name} --set env.params.control=0.5 --set regularization.sigma=0.8
\`\`\`

\`src/${name}.ts\` defines the MDP (a class implementing \`Environment\`) and registers it with
\`defineEnvironment\`: its parameters are a zod schema, so \`env.params\` is typed in \`create\`
and a bad or unknown parameter is reported (exit 2) before any work. Change the spaces, the reward,
the dynamics and the features to your problem, then run \`npm run build && npm run check\` again.

- Without \`transitionDensity\`/\`initialDensity\` the exact grid evaluator does not apply: run with
  \`--set evaluator.name=monte-carlo\`.
- Every run writes \`config.json\`, \`metrics.jsonl\`, \`summary.json\`, \`particles.json\` and plots
  to its folder; \`npx mfpg run --help\` lists the options.
`;
}
