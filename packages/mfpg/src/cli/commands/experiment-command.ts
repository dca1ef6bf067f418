import { join, resolve } from 'node:path';
import { ConfigError } from '@mfpg/core';
import type { Command } from 'commander';
import { BUDGETS, type Budget, writeReport } from '../../experiments/experiment';
import { experiments } from '../../experiments/experiment-registry';
import type { Simulate } from '../../experiments/simulate';
import { connectRedis, DEFAULT_QUEUE_NAME, openQueue, parseQueueName } from '../../queue/queue-connection';
import { queuedSimulate } from '../../queue/queued-simulate';
import { assertFreshFolder, outputPath } from '../../output/run-directory';
import { withInterruption } from '../interruption';
import { queueProgressLine } from '../queue-progress-line';
import { queueUrl } from '../queue-url-option';
import type { CliContext } from '../cli-context';
import { ExitCode } from '../cli-context';

/** Runs a study with its flows on the queue at `url`; null when Ctrl-C/SIGTERM stopped it. */
async function runOnQueue<T>(url: string, queueName: string, study: (simulate: Simulate) => Promise<T>): Promise<T | null> {
  const queue = await openQueue(await connectRedis(url), queueName);
  try {
    return await withInterruption(async (signal) => {
      try {
        return await study(queuedSimulate({ queue, signal, onProgress: queueProgressLine('mfpg experiment', process.stderr) }));
      } catch (error) {
        if (signal.aborted) return null;
        throw error;
      }
    });
  } finally {
    await queue.close();
  }
}

/** `mfpg experiment NAME`: one of the paper's results as a study, with figures and report.md. */
export function registerExperimentCommand(program: Command, context: CliContext): void {
  program
    .command('experiment')
    .description(`run a study of the paper's results: ${[...experiments.keys()].join(', ')}; writes report.md, results.json and SVG figures`)
    .argument('<name>', [...experiments.values()].map((experiment) => `${experiment.name}: ${experiment.description}`).join('; '))
    .option('-b, --budget <budget>', 'tiny (seconds, for tests), small or full', 'small')
    .option('-o, --out <dir>', 'output folder (default: experiments/<name>-<budget>)')
    .option('-q, --queue [url]', 'run the study\'s flows as jobs on this Redis (redis[s]://[user:password@]host[:port][/db]; bare: $MFPG_QUEUE) for `mfpg worker`s')
    .option('--queue-name <name>', 'BullMQ queue name (with --queue)', parseQueueName, DEFAULT_QUEUE_NAME)
    .action(async (name: string, options: { budget: string; out?: string; queue?: string | true; queueName: string }) => {
      const queue = queueUrl(options.queue);
      const experiment = experiments.get(name);
      if (!experiment) throw ConfigError.of('NAME', name, `one of ${[...experiments.keys()].join(', ')}`);
      if (!BUDGETS.includes(options.budget as Budget)) throw ConfigError.of('--budget', options.budget, BUDGETS.join(', '));
      const given = outputPath(options.out) ?? join('experiments', `${name}-${options.budget}`);
      const directory = resolve(given);
      assertFreshFolder(directory, '--out', given, 'study');
      const budget = options.budget as Budget;
      const report = queue ? await runOnQueue(queue, options.queueName, (simulate) => experiment.run(budget, directory, simulate)) : await experiment.run(budget, directory);
      if (!report) {
        process.stderr.write('mfpg experiment: interrupted; the flows stay in the queue, and the same command collects the finished ones\n');
        context.setExitCode(ExitCode.interrupted);
        return;
      }
      writeReport(directory, report);
      for (const claim of report.claims) process.stdout.write(`${claim.holds ? 'holds ' : 'FAILS '} ${claim.statement}: ${claim.evidence}\n`);
      process.stdout.write(`mfpg: ${name} (${options.budget}) → ${join(directory, 'report.md')}\n`);
      context.setExitCode(report.claims.every((claim) => claim.holds) ? ExitCode.ok : ExitCode.failure);
    });
}
