import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFlow, Evaluator, GridEvaluator } from 'mfpg';
import { freshDirectory, readJsonl, runCli, withOverrides } from './helpers';

const tiny = ['flow.horizon=0.1', 'particles.count=20', 'monitor.every=1'];

describe('the issue-5 environments run end to end from the CLI', () => {
  for (const [name, extra] of [
    ['pendulum', ['env.grid.states=9', 'env.grid.actions=5', 'evaluator.params.solver=iterative']],
    ['mountain-car-continuous', ['env.grid.states=9', 'env.grid.actions=5']],
    ['pitchfork', ['policy.unit=separable']],
    ['finite', ['env.params.transition=[[[0.5,0.5]],[[0,1]]]', 'env.params.reward=[[1],[0]]', 'env.params.initial=[1,0]']],
  ] as const) {
    it(`mfpg run --set env.name=${name}`, async () => {
      const out = freshDirectory();
      const result = await runCli(['run', ...withOverrides(`env.name=${name}`, ...tiny, ...extra), '--out', out]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const rows = readJsonl(join(out, 'metrics.jsonl'));
      expect(rows.length).toBeGreaterThan(1);
      expect(rows.every((row) => Number.isFinite(row.value))).toBe(true);
    });
  }

  it('environments suggest their grid; env.grid overrides it size by size', () => {
    const states = (input: object) => (createFlow(input).container.get<GridEvaluator>(Evaluator).discretization.mdp.stateCount);
    const actions = (input: object) => (createFlow(input).container.get<GridEvaluator>(Evaluator).discretization.mdp.actionCount);
    expect(states({ env: { name: 'pendulum' } })).toBe(41 * 41);
    expect(actions({ env: { name: 'pendulum' } })).toBe(9);
    expect(states({ env: { name: 'pendulum', grid: { states: 11 } } })).toBe(121);
    expect(actions({ env: { name: 'pendulum', grid: { states: 11 } } })).toBe(9);
    expect(actions({ env: { name: 'controlled-torus', grid: { states: 8 } } })).toBe(64);
  });

  it('bad environment parameters exit 2 naming the entry; grid evaluation of lq is refused', async () => {
    const badRow = await runCli(['run', ...withOverrides('env.name=finite', 'env.params.transition=[[[0.5,0.4]],[[0,1]]]', 'env.params.reward=[[1],[0]]', 'env.params.initial=[1,0]'), '--out', freshDirectory()]);
    expect(badRow.code).toBe(2);
    expect(badRow.stderr).toMatch(/env\.params\.transition\.0\.0/);
    const lq = await runCli(['run', ...withOverrides('env.name=lq', ...tiny), '--out', freshDirectory()]);
    expect(lq.code).toBe(2);
    expect(lq.stderr).toMatch(/evaluator\.name.*monte-carlo/s);
    const solver = await runCli(['run', ...withOverrides('env.name=pendulum', 'evaluator.params.solver=lu'), '--out', freshDirectory()]);
    expect(solver.code).toBe(2);
    expect(solver.stderr).toMatch(/evaluator\.params\.solver.*auto, dense, sparse, preconditioned or iterative/s);
  });
});
