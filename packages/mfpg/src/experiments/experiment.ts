import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeChartFiles } from '@mfpg/monitor';
import type { Simulate } from './simulate';

/** How much compute a study spends: `tiny` for tests (seconds), `small` for a laptop, `full` for the documented numbers. */
export type Budget = 'tiny' | 'small' | 'full';
export const BUDGETS: readonly Budget[] = ['tiny', 'small', 'full'];

/** One claim of the paper, checked numerically. */
export interface Claim {
  readonly statement: string;
  readonly holds: boolean;
  /** The measured numbers behind the verdict, in words. */
  readonly evidence: string;
}

/** What a study found: its claims, the numbers (results.json) and the figures it drew. */
export interface ExperimentReport {
  readonly name: string;
  readonly title: string;
  readonly budget: Budget;
  readonly setup: string;
  readonly claims: readonly Claim[];
  readonly numbers: Record<string, unknown>;
  readonly figures: readonly string[];
}

/** A runnable study of one of the paper's results (docs/math.md §4). */
export interface Experiment {
  readonly name: string;
  readonly description: string;
  /**
   * `simulate` runs each flow (default: in this process); the studies start their independent flows
   * together, so a queue-backed one (`mfpg experiment --queue`) spreads them over the workers.
   */
  run(budget: Budget, directory: string, simulate?: Simulate): Promise<ExperimentReport>;
}

/**
 * Draws a figure into the study's folder as `stem.svg` and `stem.png` (the monitor's Vega-Lite
 * pipeline, as a run's plots) and returns the SVG's file name, the one report.md shows.
 */
export async function writeFigure(directory: string, stem: string, spec: Parameters<typeof writeChartFiles>[2]): Promise<string> {
  mkdirSync(directory, { recursive: true });
  await writeChartFiles(directory, stem, spec);
  return `${stem}.svg`;
}

const fmt = (value: unknown): string => (typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toPrecision(4)) : JSON.stringify(value));

/** report.md (human) and results.json (machine) of a study. */
export function writeReport(directory: string, report: ExperimentReport): void {
  mkdirSync(directory, { recursive: true });
  const lines = [
    `# ${report.title}`,
    '',
    `Budget \`${report.budget}\`. ${report.setup}`,
    '',
    '## Claims',
    '',
    ...report.claims.map((claim) => `- ${claim.holds ? '✅' : '❌'} **${claim.statement}** — ${claim.evidence}`),
    '',
    '## Numbers',
    '',
    '| quantity | value |',
    '| --- | --- |',
    ...Object.entries(report.numbers).map(([key, value]) => `| ${key} | ${Array.isArray(value) ? value.map(fmt).join(', ') : fmt(value)} |`),
    '',
    '## Figures',
    '',
    ...report.figures.map((figure) => `![${figure}](${figure})`),
    '',
  ];
  writeFileSync(join(directory, 'report.md'), lines.join('\n'));
  writeFileSync(join(directory, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
}
