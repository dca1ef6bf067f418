import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '@mfpg/core';
import { type PlotFormat, renderRunPlots, RunFiles } from '@mfpg/monitor';
import type { Command } from 'commander';
import { type CliContext, ExitCode } from '../cli-context';

function parseFormats(text: string): PlotFormat[] {
  const formats = text.split(',').map((format) => format.trim());
  if (formats.length === 0 || !formats.every((format) => format === 'svg' || format === 'png')) {
    throw ConfigError.of('--formats', text, 'svg, png or svg,png');
  }
  return formats as PlotFormat[];
}

function parseProjection(text: string): [number, number] {
  const match = /^\s*(-?\d+)\s*,\s*(-?\d+)\s*$/.exec(text);
  if (!match) throw ConfigError.of('--projection', text, 'two particle coordinates i,j (negative counts from the end), e.g. 0,-1');
  return [Number(match[1]), Number(match[2])];
}

/** The replica-<k> folders of a replica run's folder, in replica order (none for a single run). */
function replicaFolders(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .flatMap((entry) => {
      const match = entry.isDirectory() ? /^replica-(\d+)$/.exec(entry.name) : null;
      return match && existsSync(join(directory, entry.name, RunFiles.metrics)) ? [{ index: Number(match[1]), path: join(directory, entry.name) }] : [];
    })
    .sort((a, b) => a.index - b.index)
    .map((folder) => folder.path);
}

/**
 * `mfpg plot DIR`: redraws the plots of a finished run from the files in its folder
 * (metrics.jsonl; clouds.json and policy.json when the run had the `plots` sink), and for a
 * replica run those of each replica-<k> folder too.
 */
export function registerPlotCommand(program: Command, context: CliContext): void {
  program
    .command('plot')
    .description('redraw the plots (SVG and PNG) of a run from the files in its output folder (and its replica-<k> folders)')
    .argument('<dir>', 'the output folder of the run')
    .option('--formats <list>', 'svg, png or svg,png', parseFormats, ['svg', 'png'] as PlotFormat[])
    .option('--projection <i,j>', 'particle coordinates of the cloud plot (negative counts from the end)', parseProjection, [0, -1] as [number, number])
    .action(async (dir: string, options: { formats: PlotFormat[]; projection: [number, number] }) => {
      const directory = resolve(dir);
      if (!existsSync(join(directory, RunFiles.metrics))) {
        throw ConfigError.of('DIR', dir, `the output folder of a run (it has ${RunFiles.metrics})`);
      }
      const written: string[] = [];
      for (const folder of [directory, ...replicaFolders(directory)]) {
        try {
          written.push(...(await renderRunPlots(folder, options)));
        } catch (error) {
          // A damaged file of the run (cut or edited metrics.jsonl, clouds.json…) is bad input, not a crash.
          if (!(error instanceof SyntaxError)) throw error;
          throw ConfigError.of('DIR', folder, `a run folder whose files are intact JSON (${error.message})`);
        }
      }
      process.stdout.write(`mfpg: ${written.length} plot files → ${directory}\n${written.map((path) => `  ${path}\n`).join('')}`);
      context.setExitCode(ExitCode.ok);
    });
}
