import type { Command } from 'commander';
import { type RolloutResult, rollout } from '../../policy/rollout';
import { type CliContext, ExitCode } from '../cli-context';
import { integerOption } from '../integer-option';
import { addPluginTimeoutOption } from '../limit-options';
import { addRunPolicyOptions, loadRunPolicy, policyMode, type RunPolicyOptions } from '../load-run-policy';

/** The Monte Carlo value and the grid's F disagree when they differ by more than this many standard errors. */
export const RESOLUTION_Z_LIMIT = 4;

interface RolloutCommandOptions extends RunPolicyOptions {
  episodes: string;
  maxSteps?: string;
  valueEpisodes?: string;
  json?: boolean;
}

/**
 * `mfpg rollout RUN`: runs a trained policy in its environment with Gymnasium's episode rules and
 * reports the mean undiscounted return ± its standard error, and a Monte Carlo estimate of the
 * discounted soft value next to the grid's F (the run's final value): when they differ by more
 * than 4 standard errors the grid does not resolve the policy. Exit 2 for bad input.
 */
export function registerRolloutCommand(program: Command, context: CliContext): void {
  const command = program
    .command('rollout')
    .description("roll out a run's trained policy with the environment's own step and Gymnasium's episode rules; mean return ± standard error, Monte Carlo soft value vs the grid's F")
    .argument('<run>', 'the output folder of a finished run')
    .option('-k, --episodes <n>', 'episodes of the undiscounted return', '100')
    .option('--max-steps <n>', "truncate episodes here (default: the environment's episodeSteps, Pendulum 200, MountainCar 999)")
    .option('--value-episodes <n>', 'trajectories of the Monte Carlo soft value (default: --episodes; 0: none)')
    .option('--json', 'print the result as one JSON object');
  addRunPolicyOptions(command, 'seed of ρ, sampled actions and stochastic steps');
  addPluginTimeoutOption(command).action(async (run: string, options: RolloutCommandOptions) => {
      const episodes = integerOption('--episodes', options.episodes, 1);
      const { mode, seed } = policyMode(options);
      const maxSteps = options.maxSteps === undefined ? undefined : integerOption('--max-steps', options.maxSteps, 0);
      const valueEpisodes = options.valueEpisodes === undefined ? undefined : integerOption('--value-episodes', options.valueEpisodes, 0);
      const { policy, summary } = await loadRunPolicy(run, options);
      const result = await rollout(policy, { episodes, mode, seed, maxSteps, valueEpisodes });
      const gridValue = typeof summary.final?.value === 'number' ? summary.final.value : null;
      const optimum = (summary.optimum as { value?: unknown } | undefined)?.value;
      const gridOptimum = typeof optimum === 'number' ? optimum : null;
      const resolution = compareWithGrid(result, gridValue);
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ env: policy.env.id, ...result, gridValue, gridOptimum, resolved: resolution?.resolved ?? null, z: resolution?.z ?? null })}\n`);
      } else {
        process.stdout.write(describe(policy.env.id, result, gridValue, gridOptimum, resolution));
      }
      context.setExitCode(ExitCode.ok);
    });
}

/** |MC − F| in standard errors of the Monte Carlo estimate, and whether it is within the limit. */
export function compareWithGrid(result: RolloutResult, gridValue: number | null): { z: number; resolved: boolean } | null {
  if (gridValue === null || result.softValue === null || !Number.isFinite(result.softValue.standardError)) return null;
  const z = Math.abs(result.softValue.mean - gridValue) / result.softValue.standardError;
  return { z, resolved: z <= RESOLUTION_Z_LIMIT };
}

function describe(env: string, result: RolloutResult, gridValue: number | null, gridOptimum: number | null, resolution: { z: number; resolved: boolean } | null): string {
  const f = (x: number) => x.toFixed(3);
  const meanLength = result.lengths.reduce((a, b) => a + b, 0) / result.lengths.length;
  const lines = [
    `mfpg rollout: ${env}, ${result.meanReturn.count} episodes (${result.mode} actions, seed ${result.seed}, at most ${result.maxSteps} steps)`,
    `  return        ${f(result.meanReturn.mean)} ± ${f(result.meanReturn.standardError)} (mean ± standard error, undiscounted)`,
    `  length        ${meanLength.toFixed(1)} steps on average, ${result.terminated} terminated`,
  ];
  if (result.softValue) {
    lines.push(`  soft value    ${f(result.softValue.mean)} ± ${f(result.softValue.standardError)} (Monte Carlo, ${result.softValue.count} sampled trajectories of ≤ ${result.softValue.horizon} steps, discounted)`);
  }
  if (gridValue !== null) lines.push(`  grid F        ${f(gridValue)} (the run's final value)`);
  if (gridOptimum !== null) lines.push(`  grid V*(ρ)    ${f(gridOptimum)} (the optimum of the run's grid, summary.json)`);
  if (resolution) {
    lines.push(
      resolution.resolved
        ? `  agreement     |MC − F| = ${resolution.z.toFixed(2)} standard errors ≤ ${RESOLUTION_Z_LIMIT}: the grid resolves the policy`
        : `  WARNING       |MC − F| = ${resolution.z.toFixed(2)} standard errors > ${RESOLUTION_Z_LIMIT}: the grid does not resolve the policy (refine env.grid.states / env.grid.actions)`,
    );
  }
  return `${lines.join('\n')}\n`;
}

