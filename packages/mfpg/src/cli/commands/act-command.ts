import { createInterface } from 'node:readline';
import { createRandom } from '@mfpg/core';
import type { Command } from 'commander';
import { type CliContext, ExitCode } from '../cli-context';
import { addPluginTimeoutOption } from '../limit-options';
import { addRunPolicyOptions, loadRunPolicy, policyMode, type RunPolicyOptions } from '../load-run-policy';

/**
 * `mfpg act RUN`: serves a trained policy to other programs. Contract (scripts outside the code
 * rely on it): each stdin line is a JSON array of dS numbers, a state in the environment's own
 * coordinates; for each, one stdout line holding a JSON array of dA numbers, the action, written
 * (and flushed) before the next line is read. A malformed line gets one error line on stderr
 * (`mfpg act: line N: …`) and no stdout line, and serving goes on; end of input ends with exit 0.
 */
export function registerActCommand(program: Command, context: CliContext): void {
  const command = program
    .command('act')
    .description('serve a trained policy: one JSON array (a state) per stdin line → one JSON array (the action) per stdout line')
    .argument('<run>', 'the output folder of a finished run');
  addRunPolicyOptions(command, 'seed of the sampled actions');
  addPluginTimeoutOption(command).action(async (run: string, options: RunPolicyOptions) => {
      const { mode, seed } = policyMode(options);
      const { policy } = await loadRunPolicy(run, options);
      const rng = createRandom(seed);
      const dS = policy.stateDim;
      const state = new Float64Array(dS);
      const action = new Float64Array(policy.actionDim);
      const lines = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
      let lineNumber = 0;
      for await (const line of lines) {
        lineNumber++;
        if (line.trim() === '') continue;
        const problem = parseState(line, state);
        if (problem) {
          process.stderr.write(`mfpg act: line ${lineNumber}: ${problem}; expected a JSON array of ${dS} finite numbers (a state of ${policy.env.id})\n`);
          continue;
        }
        if (mode === 'sample') await policy.sampleBatch(state, 1, rng, action);
        else await policy.modeBatch(state, 1, action);
        process.stdout.write(`${JSON.stringify(Array.from(action))}\n`);
      }
      context.setExitCode(ExitCode.ok);
    });
}

/** Fills `out` from a JSON array line; returns what is wrong with the line, or undefined. */
function parseState(line: string, out: Float64Array): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return `not JSON: ${JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}…` : line)}`;
  }
  if (!Array.isArray(value)) return `got ${typeof value === 'object' ? 'an object' : typeof value}, not an array`;
  if (value.length !== out.length) return `got an array of ${value.length} numbers`;
  for (let c = 0; c < out.length; c++) {
    if (typeof value[c] !== 'number' || !Number.isFinite(value[c])) return `coordinate ${c} is ${JSON.stringify(value[c])}`;
    out[c] = value[c];
  }
  return undefined;
}
