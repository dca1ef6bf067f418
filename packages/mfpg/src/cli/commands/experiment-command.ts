import { join, resolve } from 'node:path';
import { ConfigError } from '@mfpg/core';
import type { Command } from 'commander';
import { BUDGETS, type Budget, writeReport } from '../../experiments/experiment';
import { experiments } from '../../experiments/experiments';
import { assertFreshFolder, outputPath } from '../../output/run-directory';
import type { CliContext } from '../cli-context';
import { ExitCode } from '../cli-context';

/** `mfpg experiment NAME`: one of the paper's results as a study, with figures and report.md. */
export function registerExperimentCommand(program: Command, context: CliContext): void {
  program
    .command('experiment')
    .description(`run a study of the paper's results: ${[...experiments.keys()].join(', ')}; writes report.md, results.json and SVG figures`)
    .argument('<name>', [...experiments.values()].map((experiment) => `${experiment.name}: ${experiment.description}`).join('; '))
    .option('-b, --budget <budget>', 'tiny (seconds, for tests), small or full', 'small')
    .option('-o, --out <dir>', 'output folder (default: experiments/<name>-<budget>)')
    .action(async (name: string, options: { budget: string; out?: string }) => {
      const experiment = experiments.get(name);
      if (!experiment) throw ConfigError.of('NAME', name, `one of ${[...experiments.keys()].join(', ')}`);
      if (!BUDGETS.includes(options.budget as Budget)) throw ConfigError.of('--budget', options.budget, BUDGETS.join(', '));
      const given = outputPath(options.out) ?? join('experiments', `${name}-${options.budget}`);
      const directory = resolve(given);
      assertFreshFolder(directory, '--out', given, 'study');
      const report = await experiment.run(options.budget as Budget, directory);
      writeReport(directory, report);
      for (const claim of report.claims) process.stdout.write(`${claim.holds ? 'holds ' : 'FAILS '} ${claim.statement}: ${claim.evidence}\n`);
      process.stdout.write(`mfpg: ${name} (${options.budget}) → ${join(directory, 'report.md')}\n`);
      context.setExitCode(report.claims.every((claim) => claim.holds) ? ExitCode.ok : ExitCode.failure);
    });
}
