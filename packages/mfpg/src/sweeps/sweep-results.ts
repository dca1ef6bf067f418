import { join } from 'node:path';
import type { GridAxis } from './grid-axis';
import { type SweepResult, writeResultsTable } from './results-table';
import { writeSweepPlots } from './sweep-plots';

/**
 * The results of one sweep, local or queued, as its configurations end (in any order): each one
 * recorded is reported and results.csv is rewritten, so an interrupted sweep leaves a true table;
 * `finish` writes the final table and the comparison plots.
 */
export class SweepResults {
  private readonly results: (SweepResult | undefined)[];

  constructor(
    private readonly directory: string,
    private readonly axes: readonly GridAxis[],
    total: number,
    private readonly onResult?: (result: SweepResult, done: number, total: number) => void,
  ) {
    this.results = new Array<SweepResult | undefined>(total);
  }

  /** Configurations recorded so far, whatever their status. */
  get done(): number {
    return this.rows().length;
  }

  /** Configurations recorded with status `failed`. */
  get failed(): number {
    return this.rows().filter((row) => row.status === 'failed').length;
  }

  /** Records the result of configuration `index` (its place in the grid). */
  record(index: number, result: SweepResult): void {
    this.results[index] = result;
    this.onResult?.(result, this.done, this.results.length);
    writeResultsTable(join(this.directory, 'results.csv'), this.axes, this.rows());
  }

  /** Writes results.csv and the plots of the configurations recorded; returns their rows in grid order. */
  async finish(): Promise<SweepResult[]> {
    const rows = this.rows();
    writeResultsTable(join(this.directory, 'results.csv'), this.axes, rows);
    await writeSweepPlots(this.directory, this.axes, rows);
    return rows;
  }

  private rows(): SweepResult[] {
    return this.results.filter((row): row is SweepResult => row !== undefined);
  }
}
