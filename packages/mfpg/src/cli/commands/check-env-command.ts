import { checkEnvironment, createContainer, createRandom, Environment, resolveConfig } from '@mfpg/core';
import type { Command } from 'commander';
import { defaultModules } from '../../default-modules';
import { type CliContext, collect, ExitCode } from '../cli-context';
import { addPluginTimeoutOption } from '../limit-options';
import { integerOption } from '../integer-option';
import { loadPluginModules } from '../load-plugins';

const LABELS = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;

/**
 * `mfpg check-env NAME`: runs the environment checker (packages/core/src/checks) on a registered
 * environment — built-in or loaded with --plugin — and prints PASS/FAIL/SKIP per check.
 * Exit code 0 when nothing fails, 4 when a check fails, 2 for bad input (unknown name, bad params).
 */
export function registerCheckEnvCommand(program: Command, context: CliContext): void {
  const command = program
    .command('check-env')
    .description('check an environment (yours via --plugin): finiteness, feature length, density normalisation, spaces, seed determinism, sampler vs density')
    .argument('<name>', 'registered environment name, e.g. controlled-torus')
    .option('-s, --set <key=value>', 'override a config field, e.g. --set env.params.kappaP=10 (repeatable)', collect, [])
    .option('-p, --plugin <file>', 'load a plugin module (.js, .mjs, .cjs; .ts with tsx installed) exporting a ContainerModule (repeatable)', collect, [])
    .option('--seed <n>', 'seed of the checker’s random draws', '0')
    .option('--samples <n>', 'draws per moment check (tolerance 5 standard errors of this size)', '4000');
  addPluginTimeoutOption(command).action(async (name: string, options: { set: string[]; plugin: string[]; seed: string; samples: string }) => {
    const seed = integerOption('--seed', options.seed, 0);
    const momentSamples = integerOption('--samples', options.samples, 100, 10_000_000);
    const modules = await loadPluginModules(options.plugin);
    const config = resolveConfig({ env: { name } }, [...options.set]);
    const env = createContainer(config, [...defaultModules, ...modules]).get<Environment>(Environment);
    const report = checkEnvironment(env, createRandom(seed), { momentSamples });
    process.stdout.write(`mfpg check-env: ${report.env}\n`);
    for (const check of report.checks) process.stdout.write(`  ${LABELS[check.status]}  ${check.name}: ${check.detail}\n`);
    const failed = report.checks.filter((check) => check.status === 'fail').length;
    process.stdout.write(failed === 0 ? 'mfpg check-env: all checks passed\n' : `mfpg check-env: ${failed} check(s) FAILED\n`);
    context.setExitCode(failed === 0 ? ExitCode.ok : ExitCode.pluginError);
  });
}

