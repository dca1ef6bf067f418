import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDirectory, readJsonl, runCli, smallProblem, smallRun, withOverrides } from './helpers';

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const read = (path: string) => readFileSync(path, 'utf8');

/** √(min over permutations σ of (1/N) Σ_k |a_k − b_σ(k)|²): W2 between two N-point clouds, by brute force (N! pairings). */
function bruteForceW2(a: readonly number[][], b: readonly number[][]): number {
  const cost = (i: number, j: number) => a[i].reduce((sum, x, k) => sum + (x - b[j][k]) ** 2, 0);
  let best = Infinity;
  const permute = (i: number, used: boolean[], total: number) => {
    if (i === a.length) {
      best = Math.min(best, total);
      return;
    }
    for (let j = 0; j < b.length; j++) {
      if (used[j]) continue;
      used[j] = true;
      permute(i + 1, used, total + cost(i, j));
      used[j] = false;
    }
  };
  permute(0, [], 0);
  return Math.sqrt(best / a.length);
}

describe('mfpg run with replicas: bad input', () => {
  const cases: [string, string[], RegExp[]][] = [
    ['count 0', ['replicas.count=0'], [/replicas\.count/, /given 0/, /integer ≥ 1/]],
    ['fractional count', ['replicas.count=1.5'], [/replicas\.count/]],
    ['unknown noise', ['replicas.count=2', 'replicas.noise=loud'], [/replicas\.noise/, /"loud"/, /independent.*shared/]],
    ['cadence 0', ['replicas.count=2', 'replicas.every=0'], [/replicas\.every/]],
    ['unknown key', ['replicas.count=2', 'replicas.seeds=[1,2]'], [/replicas\.seeds/, /known keys: count, noise, every, overrides, w2/]],
    ['fewer override lists than replicas', ['replicas.count=3', 'replicas.overrides=[["seed=5"],["seed=6"]]'], [/replicas\.overrides/, /3 lists/, /given 2/]],
    ['overrides with one replica', ['replicas.overrides=[["seed=5"]]'], [/replicas\.overrides/, /replicas\.count = 1/]],
    ['malformed override', ['replicas.count=2', 'replicas.overrides=[[],["sigma"]]'], [/replicas\.overrides\.1\.0/, /"sigma"/, /key\.path=value/]],
    ['override of the replicas section', ['replicas.count=2', 'replicas.overrides=[[],["replicas.count=3"]]'], [/replicas\.overrides\.1\.0/, /common to all replicas/]],
    ['override giving a bad value', ['replicas.count=2', 'replicas.overrides=[[],["regularization.tau=0"]]'], [/replicas\.overrides\.1 \(regularization\.tau\)/, /> 0/]],
    ['override of an unknown environment parameter', ['replicas.count=2', 'replicas.overrides=[["env.params.wind=3"],[]]'], [/replicas\.overrides\.0 \(env\.params\.wind\)/]],
    ['replicas that cannot run in lockstep', ['replicas.count=2', 'replicas.overrides=[[],["flow.dt=0.1"]]'], [/replicas\.1\.flow/, /lockstep/]],
    ['replicas of different sizes', ['replicas.count=2', 'replicas.overrides=[[],["particles.count=30"]]'], [/replicas\.overrides\.1/, /equal size/]],
    ['unknown W2 option', ['replicas.count=2', 'replicas.w2={"method":"fast"}'], [/replicas\.w2\.method/, /sliced/]],
  ];

  it.each(cases)('%s: exit 2 naming the field, no folder written', async (_label, overrides, patterns) => {
    const out = join(freshDirectory(), 'run');
    const { code, stderr } = await runCli(['run', ...withOverrides(...smallProblem, 'particles.count=20', ...overrides), '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toContain('bad input');
    for (const pattern of patterns) expect(stderr).toMatch(pattern);
    expect(existsSync(out)).toBe(false);
  });
});

describe('mfpg run with replicas', () => {
  it('writes the distances at the top and each replica as a complete single run; plot redraws, resume refuses a finished one', async () => {
    const base = freshDirectory();
    const out = join(base, 'replicas');
    const { code, stdout } = await runCli(['run', ...smallRun, '--set', 'replicas.count=2', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toContain('completed 20/20 steps of 2 replicas (independent noise)');
    expect(stdout).toMatch(/replica-0: t = 1, value F = /);
    expect(stdout).toMatch(/W2 between replicas: max \d/);

    const top = readdirSync(out).sort();
    expect(top).toEqual(['config.json', 'distances.png', 'distances.svg', 'metrics.jsonl', 'replica-0', 'replica-1', 'summary.json']);
    expect(readJson(join(out, 'config.json')).replicas).toEqual({ count: 2, noise: 'independent' });
    const distances = readJsonl(join(out, 'metrics.jsonl'));
    // Cadence replicas.every, default monitor.every = 5, and the final state.
    expect(distances.map((row) => row.step)).toEqual([0, 5, 10, 15, 20]);
    for (const row of distances) {
      expect(Object.keys(row).sort()).toEqual(['replicas/coupling/0-1', 'replicas/w2-max', 'replicas/w2-mean', 'replicas/w2/0-1', 'step', 't']);
      // Optimal assignment never costs more than pairing particle k with particle k.
      expect(row['replicas/w2/0-1']).toBeGreaterThan(0);
      expect(row['replicas/w2/0-1']).toBeLessThanOrEqual(row['replicas/coupling/0-1'] * (1 + 1e-12));
    }
    expect(read(join(out, 'distances.svg'))).toContain('replicas/w2/0-1');

    for (const k of [0, 1]) {
      const folder = join(out, `replica-${k}`);
      for (const name of ['config.json', 'metrics.jsonl', 'particles.json', 'summary.json', 'value-objective.svg', 'particles.png']) expect(existsSync(join(folder, name)), `${folder}/${name}`).toBe(true);
      expect(readJsonl(join(folder, 'metrics.jsonl')).map((row) => row.step)).toEqual([0, 5, 10, 15, 20]);
      const config = readJson(join(folder, 'config.json'));
      expect([config.seed, config.replicas]).toEqual([k, { count: 1, noise: 'independent' }]);
      expect(readJson(join(folder, 'summary.json'))).toMatchObject({ status: 'completed', steps: 20, replica: { index: k, count: 2 } });
    }

    const summary = readJson(join(out, 'summary.json'));
    expect(summary).toMatchObject({ status: 'completed', steps: 20, totalSteps: 20, error: null, stop: null });
    expect(summary.final).toEqual(distances[4]);
    expect(summary.replicas.map((replica: { directory: string; seed: number; initSeed: number | null }) => [replica.directory, replica.seed, replica.initSeed])).toEqual([
      ['replica-0', 0, null],
      ['replica-1', 1, null],
    ]);
    for (const k of [0, 1]) expect(summary.replicas[k].final).toEqual(readJson(join(out, `replica-${k}`, 'summary.json')).final);
    // The coupling distance, recomputed from the final particles of the two folders.
    const [a, b] = [0, 1].map((k) => readJson(join(out, `replica-${k}`, 'particles.json')).theta as number[][]);
    const coupling = Math.sqrt(a.reduce((sum, row, i) => sum + row.reduce((s, x, j) => s + (x - b[i][j]) ** 2, 0), 0) / a.length);
    expect(summary.final['replicas/coupling/0-1']).toBeCloseTo(coupling, 12);

    // Replica 1 is a single run of its own config.json: run alone, it gives the same bytes.
    const alone = join(base, 'alone');
    expect((await runCli(['run', join(out, 'replica-1', 'config.json'), '--no-progress', '--out', alone])).code).toBe(0);
    expect(read(join(alone, 'metrics.jsonl'))).toBe(read(join(out, 'replica-1', 'metrics.jsonl')));
    expect(read(join(alone, 'particles.json'))).toBe(read(join(out, 'replica-1', 'particles.json')));

    // `mfpg plot DIR` redraws the distances and every replica's plots.
    const plotted = await runCli(['plot', out, '--formats', 'svg']);
    expect(plotted.code).toBe(0);
    expect(plotted.stdout).toContain(join(out, 'distances.svg'));
    expect(plotted.stdout).toContain(join(out, 'replica-1', 'value-objective.svg'));
    // A completed replica run has nothing to resume: resume says so and touches nothing.
    const before = read(join(out, 'metrics.jsonl'));
    const resumed = await runCli(['resume', out, '--no-progress']);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toMatch(/already completed/);
    expect(read(join(out, 'metrics.jsonl'))).toBe(before);
  });

  it('replica 0 repeats the single run exactly: always with independent noise, with shared noise when initSeed is set', async () => {
    const base = freshDirectory();
    const run = async (name: string, ...overrides: string[]) => {
      const out = join(base, name);
      // No plots: only numbers are compared here.
      expect((await runCli(['run', ...smallRun, ...withOverrides('monitor.sinks.plots=false', ...overrides), '--out', out])).code).toBe(0);
      return out;
    };
    const single = await run('single');
    const independent = await run('independent', 'replicas.count=2');
    expect(read(join(independent, 'replica-0', 'metrics.jsonl'))).toBe(read(join(single, 'metrics.jsonl')));
    expect(read(join(independent, 'replica-0', 'particles.json'))).toBe(read(join(single, 'particles.json')));
    // and replica 1 is the single run with seed + 1.
    const seedOne = await run('seed-one', 'seed=1');
    expect(read(join(independent, 'replica-1', 'metrics.jsonl'))).toBe(read(join(seedOne, 'metrics.jsonl')));

    const singleInit = await run('single-init', 'particles.initSeed=11');
    const shared = await run('shared', 'particles.initSeed=11', 'replicas.count=2', 'replicas.noise=shared');
    expect(read(join(shared, 'replica-0', 'metrics.jsonl'))).toBe(read(join(singleInit, 'metrics.jsonl')));
    expect(readJson(join(shared, 'summary.json')).replicas.map((replica: { seed: number; initSeed: number }) => [replica.seed, replica.initSeed])).toEqual([
      [0, 11],
      [0, 12],
    ]);
    // Shared noise, equal initial particles (initSeed 5 for both): the replicas are one run, W2 = 0 throughout.
    const twins = await run('twins', 'replicas.count=2', 'replicas.noise=shared', 'replicas.overrides=[["particles.initSeed=5"],["particles.initSeed=5"]]');
    expect(read(join(twins, 'replica-0', 'metrics.jsonl'))).toBe(read(join(twins, 'replica-1', 'metrics.jsonl')));
    for (const row of readJsonl(join(twins, 'metrics.jsonl'))) expect(row['replicas/w2/0-1']).toBe(0);
  });

  it('logs W2 for every pair of three replicas, equal to a brute-force optimal pairing of the final particles', async () => {
    const out = join(freshDirectory(), 'three');
    // N = 5: 5! = 120 pairings per pair, few enough to try them all.
    const overrides = [...smallProblem, 'particles.count=5', 'replicas.count=3', 'replicas.every=10', 'monitor.sinks.plots={"formats":["svg"]}'];
    // With the progress display on (a line per 10 % off a terminal).
    const { code, stderr } = await runCli(['run', ...overrides.flatMap((override) => ['--set', override]), '--out', out]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/step 20\/20 × 3 replicas \(100%\), t = 1\.00, mean F = -?\d+\.\d+ \| mean objective = -?[\d.]+ \| W2 max = [\d.]+/);
    const rows = readJsonl(join(out, 'metrics.jsonl'));
    expect(rows.map((row) => row.step)).toEqual([0, 10, 20]);
    const final = rows[2];
    const theta = [0, 1, 2].map((k) => readJson(join(out, `replica-${k}`, 'particles.json')).theta as number[][]);
    const pairs = [[0, 1], [0, 2], [1, 2]];
    // Exact assignment and brute force sum the same squares in different orders: agreement to round-off.
    for (const [i, j] of pairs) expect(final[`replicas/w2/${i}-${j}`]).toBeCloseTo(bruteForceW2(theta[i], theta[j]), 12);
    const values = pairs.map(([i, j]) => final[`replicas/w2/${i}-${j}`]);
    expect(final['replicas/w2-max']).toBe(Math.max(...values));
    expect(final['replicas/w2-mean']).toBeCloseTo((values[0] + values[1] + values[2]) / 3, 14);
    // Up to six pairs, the plot has a line per pair.
    const svg = read(join(out, 'distances.svg'));
    for (const [i, j] of pairs) expect(svg).toContain(`replicas/w2/${i}-${j}`);
  });

  it('with shared noise, two replicas started apart come together on a strongly regularised problem', async () => {
    // The problem of packages/mfpg/src/replicas/replica-runner.test.ts: B3, N = 60, σ = 2, s0 = 1
    // (κ = σ²/(2 s0²) = 2), ν_0 = N(±1.5, 0.3²) in d = 6, t ∈ [0, 3].
    const config = {
      env: { grid: { states: 12, actions: 12 } },
      particles: { count: 60 },
      regularization: { sigma: 2, s0: 1 },
      flow: { dt: 0.05, horizon: 3 },
      monitor: { every: 20, sinks: { plots: false } },
      replicas: { count: 2, overrides: [['particles.init.mean=1.5', 'particles.init.std=0.3'], ['particles.init.mean=-1.5', 'particles.init.std=0.3']] },
    };
    const base = freshDirectory();
    const path = join(base, 'config.json');
    writeFileSync(path, JSON.stringify(config));
    const w2 = async (noise: string) => {
      const out = join(base, noise);
      expect((await runCli(['run', path, '--set', `replicas.noise=${noise}`, '--no-progress', '--out', out])).code).toBe(0);
      return readJsonl(join(out, 'metrics.jsonl')).map((row) => row['replicas/w2/0-1']);
    };
    const shared = await w2('shared');
    const independent = await w2('independent');
    expect(shared).toHaveLength(4);
    const [start, ...rest] = shared;
    // The means are 3 apart in each of the d = 6 coordinates: W2 ≈ 3·√6 ≈ 7.3.
    expect(start).toBeGreaterThan(6.5);
    // The prior alone contracts a synchronous coupling at rate −log(1 − κ dt)/dt ≈ 2.1; the policy
    // drift changes that by at most its Lipschitz constant (≈ 1.5 overall measured). Required: a
    // decrease at every kept step and a rate ≥ 1 over t ∈ [0, 3], i.e. final/initial < e^{−3}.
    for (let k = 0; k < rest.length; k++) expect(rest[k]).toBeLessThan(k === 0 ? start : rest[k - 1]);
    expect(rest[rest.length - 1] / start).toBeLessThan(Math.exp(-3));
    // Independent noise stalls at the sampling floor of two 60-particle clouds in d = 6 (≈ 1.9).
    expect(independent[independent.length - 1]).toBeGreaterThan(10 * rest[rest.length - 1]);
  });

  it('stops all replicas once the distances reach a monitor.stop target', async () => {
    const out = join(freshDirectory(), 'stop');
    const target = '{"metric":"replicas/w2-max","value":1,"direction":"below"}';
    const { code, stdout } = await runCli([
      'run',
      ...withOverrides(
        'env.grid.states=12',
        'env.grid.actions=12',
        'particles.count=60',
        'regularization.sigma=2',
        'flow.horizon=3',
        'monitor.every=5',
        'monitor.sinks.plots=false',
        'replicas.count=2',
        'replicas.noise=shared',
        'replicas.overrides=[["particles.init.mean=1.5","particles.init.std=0.3"],["particles.init.mean=-1.5","particles.init.std=0.3"]]',
        `monitor.stop.target=${target}`,
      ),
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/stopped by monitor\.stop\.target: replicas\/w2-max = [\d.]+ reached the target below 1/);
    const summary = readJson(join(out, 'summary.json'));
    expect(summary.status).toBe('stopped');
    expect(summary.stop).toMatchObject({ condition: 'target', replica: null });
    // The rows: above 1, then the kept step that reached the target, then the final state one step later.
    const rows = readJsonl(join(out, 'metrics.jsonl'));
    const [before, reached, last] = rows.slice(-3);
    expect(before['replicas/w2-max']).toBeGreaterThan(1);
    expect(reached['replicas/w2-max']).toBeLessThanOrEqual(1);
    expect(summary.stop.step).toBe(reached.step);
    expect([last.step, summary.steps]).toEqual([reached.step + 1, reached.step + 1]);
    expect(summary.steps).toBeLessThan(summary.totalSteps);
    // Every replica stopped at the same step.
    for (const k of [0, 1]) expect(readJson(join(out, `replica-${k}`, 'summary.json'))).toMatchObject({ status: 'stopped', steps: summary.steps });
  });

  it('reports a divergence of one replica with exit 3, naming it, and keeps what was logged', async () => {
    const out = join(freshDirectory(), 'diverged');
    // Replica 1's particles may not leave [−0.5, 0.5]: the draws from N(0, 1) already do.
    const { code, stderr } = await runCli(['run', ...smallRun, ...withOverrides('replicas.count=2', 'replicas.overrides=[[],["flow.maxParticleNorm=0.5"]]'), '--out', out]);
    expect(code).toBe(3);
    expect(stderr).toMatch(/diverged at step 1 .*replica 1: particle/);
    const summary = readJson(join(out, 'summary.json'));
    expect(summary.status).toBe('diverged');
    expect(summary.error).toContain('replica 1');
    expect(readJsonl(join(out, 'replica-0', 'metrics.jsonl')).map((row) => row.step)).toEqual([0]);
    // The runner shows a step once every replica has taken it: replica 1 never finished step 0.
    expect(readJsonl(join(out, 'metrics.jsonl'))).toEqual([]);
    expect(existsSync(join(out, 'replica-0', 'particles.json'))).toBe(false);
  });
});
