import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createFlow, torusBanditOptimalValue } from 'mfpg';
import { driftingBanditModule } from '../examples/custom-env/drifting-bandit';
import { midpointIntegratorModule } from '../examples/custom-env/midpoint-integrator';
import { freshDirectory, readJsonl } from './helpers';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

describe('user plugins (examples/custom-env)', () => {
  // The documented TypeScript path: mfpg under the tsx loader, .ts plugins passed with --plugin.
  it('node --import tsx mfpg run --plugin env.ts --plugin integrator.ts runs the custom environment with the custom integrator', async () => {
    const out = join(freshDirectory(), 'run');
    const tau = 0.1;
    const overrides = ['env.name=drifting-bandit', 'flow.integrator=midpoint', 'env.grid.states=1', 'env.grid.actions=32', 'particles.count=50', 'flow.horizon=2', 'flow.dt=0.1', `regularization.tau=${tau}`, 'monitor.every=1'];
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        join(root, 'packages/mfpg/src/cli/bin.ts'),
        'run',
        '--plugin',
        join(root, 'examples/custom-env/drifting-bandit.ts'),
        '--plugin',
        join(root, 'examples/custom-env/midpoint-integrator.ts'),
        ...overrides.flatMap((override) => ['--set', override]),
        '--out',
        out,
        '--no-progress',
      ],
      { cwd: root, timeout: 60_000 },
    );
    expect(stdout).toMatch(/completed 20\/20 steps/);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect([config.env.name, config.flow.integrator]).toEqual(['drifting-bandit', 'midpoint']);
    const values = readJsonl(join(out, 'metrics.jsonl')).map((row) => row.value);
    expect(values).toHaveLength(21);
    // Policy gradient ascent improves F, which stays below the soft optimum over all policies (B1 closed form).
    expect(values.at(-1)!).toBeGreaterThan(values[0] + 0.5);
    expect(values.at(-1)!).toBeLessThan(torusBanditOptimalValue({ alpha: 1, a0: 0.25, gamma: 0.5 }, tau));
  }, 60_000);

  // The midpoint rule is second order for the deterministic flow (σ = 0): halving dt divides the
  // error at t = 1 by 4 (ratio in [3, 5]), against a reference at dt = 1/160 (error ~ 1/256 of the dt = 0.1 one).
  it('the custom midpoint integrator converges with order 2 at σ = 0', async () => {
    const finalTheta = async (dt: number) => {
      const { engine } = createFlow(
        {
          env: { name: 'drifting-bandit', grid: { states: 1, actions: 32 } },
          particles: { count: 16 },
          regularization: { sigma: 0 },
          flow: { integrator: 'midpoint', dt, horizon: 1 },
        },
        { modules: [driftingBanditModule, midpointIntegratorModule] },
      );
      await engine.run();
      return engine.theta;
    };
    const reference = await finalTheta(1 / 160);
    const error = async (dt: number) => {
      const theta = await finalTheta(dt);
      return Math.sqrt(theta.reduce((sum, x, k) => sum + (x - reference[k]) ** 2, 0));
    };
    const coarse = await error(0.1);
    const fine = await error(0.05);
    expect(coarse).toBeGreaterThan(1e-8);
    expect(coarse / fine).toBeGreaterThan(3);
    expect(coarse / fine).toBeLessThan(5);
  });
});
