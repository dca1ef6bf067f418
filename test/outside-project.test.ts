import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDirectory } from './helpers';
import { installedVersion, outsideEnv, packPackages, run } from './packed-packages';

// A user's first steps, from a fresh project outside this repository that gets nothing from it but
// the tarballs npm would publish: install them, write an environment plugin as an ES module, a
// CommonJS module and TypeScript, type-check the TypeScript one strictly against the installed
// declarations, run each through `npx mfpg`, and re-run a run from its config.json alone.

/** The drifting bandit of the README ("Your own environment") as JavaScript, named `name`. */
const banditClass = (name: string) => `
const TAU = 2 * Math.PI;
class DriftingBandit {
  id = '${name}';
  stateSpace = { kind: 'finite', dim: 1, size: 1 };
  actionSpace = { kind: 'torus', dim: 1 };
  actionMeasure = new UniformTorusMeasure(1);
  gamma = 0.5;
  featureDim = 2;
  features(_s, a, out, offset) { out[offset] = Math.cos(TAU * a[0]); out[offset + 1] = Math.sin(TAU * a[0]); }
  reward(_s, a) { return Math.sin(TAU * a[0]); }
  sampleInitialState(_rng, out) { out[0] = 0; }
  sampleNextState(_s, _a, _rng, out) { out[0] = 0; }
  initialDensity() { return 1; }
  transitionDensity() { return 1; }
}
`;

const register = (name: string) =>
  `new ContainerModule((options) => bindPlugin(options, { point: 'environment', name: '${name}', description: 'a drifting bandit' }, { useFactory: () => new DriftingBandit() }))`;

const esmPlugin = `import { bindPlugin, UniformTorusMeasure } from 'mfpg';
import { ContainerModule } from 'inversify';
${banditClass('bandit-esm')}
export default ${register('bandit-esm')};
`;

const cjsPlugin = `const { bindPlugin, UniformTorusMeasure } = require('mfpg');
const { ContainerModule } = require('inversify');
${banditClass('bandit-cjs')}
module.exports = ${register('bandit-cjs')};
`;

const tsPlugin = `import { bindPlugin, UniformTorusMeasure, type Environment, type Random } from 'mfpg';
import { ContainerModule } from 'inversify';

const TAU = 2 * Math.PI;
class DriftingBandit implements Environment {
  readonly id = 'bandit-ts';
  readonly stateSpace = { kind: 'finite', dim: 1, size: 1 } as const;
  readonly actionSpace = { kind: 'torus', dim: 1 } as const;
  readonly actionMeasure = new UniformTorusMeasure(1);
  readonly gamma = 0.5;
  readonly featureDim = 2;
  features(_s: ArrayLike<number>, a: ArrayLike<number>, out: Float64Array, offset: number): void {
    out[offset] = Math.cos(TAU * a[0]);
    out[offset + 1] = Math.sin(TAU * a[0]);
  }
  reward(_s: ArrayLike<number>, a: ArrayLike<number>): number { return Math.sin(TAU * a[0]); }
  sampleInitialState(_rng: Random, out: Float64Array): void { out[0] = 0; }
  sampleNextState(_s: ArrayLike<number>, _a: ArrayLike<number>, _rng: Random, out: Float64Array): void { out[0] = 0; }
  initialDensity(): number { return 1; }
  transitionDensity(): number { return 1; }
}

export default ${register('bandit-ts')};
`;

/** Strict, no skipLibCheck, and no ambient types: the installed declarations must stand alone (no @types/node). */
const tsconfig = {
  compilerOptions: { strict: true, skipLibCheck: false, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: [] },
  files: ['plugins/bandit.ts'],
};

/** 5 steps of N = 16 on a 16-node action grid, every step logged; no plots (the slowest sink). */
const tinyConfig = { particles: { count: 16 }, env: { grid: { states: 1, actions: 16 } }, flow: { dt: 0.1, horizon: 0.5 }, monitor: { every: 1, sinks: { plots: false } } };

interface Exit {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('mfpg installed from its tarballs into a project outside the repository', () => {
  const project = freshDirectory('mfpg-outside-');
  const at = (...parts: string[]) => join(project, ...parts);

  /** `npx mfpg ARGS` in the project, as a user types it. */
  const mfpg = async (...args: string[]): Promise<Exit> => {
    try {
      const { stdout, stderr } = await run('npx', ['--no', '--', 'mfpg', ...args], { cwd: project, env: outsideEnv(), timeout: 60_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
      return { code, stdout, stderr };
    }
  };
  const runWith = (plugin: string, name: string, out: string) => mfpg('run', 'tiny.json', '--plugin', plugin, '--set', `env.name=${name}`, '--out', out, '--no-progress');

  beforeAll(async () => {
    mkdirSync(at('tarballs'));
    const tarballs = await packPackages(at('tarballs'));
    writeFileSync(at('package.json'), JSON.stringify({ name: 'my-mdp', private: true, type: 'module' }, null, 2));
    // --prefer-offline: the registry packages come from the cache `npm ci` filled for this repository.
    const tools = ['inversify', 'typescript', 'tsx'].map((name) => `${name}@${installedVersion(name)}`);
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs, ...tools], { cwd: project, env: outsideEnv(), timeout: 150_000 });
    mkdirSync(at('plugins'));
    writeFileSync(at('plugins', 'bandit.mjs'), esmPlugin);
    writeFileSync(at('plugins', 'bandit.cjs'), cjsPlugin);
    writeFileSync(at('plugins', 'bandit.ts'), tsPlugin);
    writeFileSync(at('tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    writeFileSync(at('tiny.json'), JSON.stringify(tinyConfig));
  }, 180_000);
  afterAll(() => rmSync(project, { recursive: true, force: true }), 60_000);

  it('installs without gpu.js (an optional peer dependency)', () => {
    expect(existsSync(at('node_modules', 'mfpg', 'package.json'))).toBe(true);
    expect(existsSync(at('node_modules', 'gpu.js'))).toBe(false);
  });

  it('type-checks a TypeScript plugin with tsc --strict against the installed declarations', async () => {
    const compiled = await run('npx', ['--no', '--', 'tsc', '-p', '.', '--listFiles'], { cwd: project, env: outsideEnv(), timeout: 90_000 }).catch(
      (error: { code: number; stdout: string }) => error,
    );
    expect(compiled.stdout).not.toContain('error TS');
    expect((compiled as { code?: number }).code ?? 0).toBe(0);
    // The program held the installed declarations (mfpg's, and so @mfpg/core's, inversify's, zod's, …).
    expect(compiled.stdout).toContain(at('node_modules', 'mfpg', 'dist', 'index.d.ts'));
    expect(compiled.stdout).toContain(at('node_modules', '@mfpg', 'core', 'dist', 'index.d.ts'));
  }, 90_000);

  it('runs an ES module, a CommonJS and a TypeScript plugin through npx mfpg, to the same numbers', async () => {
    const [esm, cjs, ts] = await Promise.all([
      runWith('plugins/bandit.mjs', 'bandit-esm', 'runs/esm'),
      runWith('plugins/bandit.cjs', 'bandit-cjs', 'runs/cjs'),
      runWith('plugins/bandit.ts', 'bandit-ts', 'runs/ts'),
    ]);
    for (const exit of [esm, cjs, ts]) expect(exit, exit.stderr).toMatchObject({ code: 0, stdout: expect.stringMatching(/completed 5\/5 steps/) });
    // The three modules define the same MDP under three names: same seed, same metrics, byte for byte.
    const metrics = ['esm', 'cjs', 'ts'].map((run) => readFileSync(at('runs', run, 'metrics.jsonl'), 'utf8'));
    expect(metrics[0].trim().split('\n')).toHaveLength(6);
    expect(metrics[1]).toBe(metrics[0]);
    expect(metrics[2]).toBe(metrics[0]);
    const config = JSON.parse(readFileSync(at('runs', 'cjs', 'config.json'), 'utf8'));
    expect(config.plugins).toEqual([{ path: at('plugins', 'bandit.cjs'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  }, 90_000);

  it('re-runs a plugin run from its config.json alone to an identical metrics.jsonl', async () => {
    const again = await mfpg('run', 'runs/esm/config.json', '--out', 'runs/esm-again', '--no-progress');
    expect(again, again.stderr).toMatchObject({ code: 0 });
    expect(readFileSync(at('runs', 'esm-again', 'metrics.jsonl'), 'utf8')).toBe(readFileSync(at('runs', 'esm', 'metrics.jsonl'), 'utf8'));
  }, 60_000);

  it('refuses a recorded plugin that changed or went missing (exit 2, naming the file, writing nothing)', async () => {
    appendFileSync(at('plugins', 'bandit.cjs'), '// edited after the run\n');
    renameSync(at('plugins', 'bandit.ts'), at('plugins', 'bandit-moved.ts'));
    const [changed, missing] = await Promise.all([
      mfpg('run', 'runs/cjs/config.json', '--out', 'runs/cjs-again', '--no-progress'),
      mfpg('run', 'runs/ts/config.json', '--out', 'runs/ts-again', '--no-progress'),
    ]);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toContain('plugins[0].sha256');
    expect(changed.stderr).toContain(`${at('plugins', 'bandit.cjs')} as it is now`);
    expect(changed.stderr).toContain('changed since the run was recorded');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`plugins[0].path: given "${at('plugins', 'bandit.ts')}"`);
    expect(missing.stderr).toContain('it is missing');
    expect(existsSync(at('runs', 'cjs-again'))).toBe(false);
    expect(existsSync(at('runs', 'ts-again'))).toBe(false);
  }, 60_000);

  it('refuses a module that registers nothing the run reads (exit 2, naming the file and why)', async () => {
    writeFileSync(at('plugins', 'empty.mjs'), "import { ContainerModule } from 'inversify';\nexport default new ContainerModule(() => {});\n");
    writeFileSync(at('plugins', 'no-module.mjs'), 'export const bandit = 1;\n');
    writeFileSync(
      at('plugins', 'own-token.mjs'),
      "import { ContainerModule } from 'inversify';\nexport default new ContainerModule((options) => { options.bind(Symbol('Environment')).toConstantValue({}); });\n",
    );
    const [empty, noModule, ownToken] = await Promise.all(['empty.mjs', 'no-module.mjs', 'own-token.mjs'].map((file) => mfpg('run', 'tiny.json', '--plugin', `plugins/${file}`, '--no-progress')));
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('--plugin: given "plugins/empty.mjs"');
    expect(empty.stderr).toContain('registered no plugin');
    expect(noModule.code).toBe(2);
    expect(noModule.stderr).toContain('--plugin: given "plugins/no-module.mjs"');
    expect(noModule.stderr).toContain('exports no ContainerModule (its exports: bandit)');
    expect(ownToken.code).toBe(2);
    expect(ownToken.stderr).toContain('--plugin: given "plugins/own-token.mjs"');
    expect(ownToken.stderr).toContain('bound only Environment, which no mfpg run reads');
  }, 60_000);

  it('asking for backend.name=gpu without gpu.js installed is exit 2 saying what to install', async () => {
    const gpu = await mfpg('run', 'tiny.json', '--plugin', 'plugins/bandit.mjs', '--set', 'env.name=bandit-esm', '--set', 'backend.name=gpu', '--out', 'runs/gpu', '--no-progress');
    expect(gpu.code).toBe(2);
    expect(gpu.stderr).toContain('backend.name: given "gpu"');
    expect(gpu.stderr).toContain('npm install gpu.js@^2.24.1');
    expect(existsSync(at('runs', 'gpu'))).toBe(false);
  }, 60_000);
});
