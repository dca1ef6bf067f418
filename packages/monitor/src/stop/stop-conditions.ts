import { DivergenceError, type RunConfig } from '@mfpg/core';
import type { MonitorRow } from '../pipeline/monitor-row';

export type StopConfig = RunConfig['monitor']['stop'];

/** Why a run was stopped early: the condition's config field and what was seen. */
export interface StopDecision {
  readonly condition: 'plateau' | 'target';
  readonly step: number;
  readonly t: number;
  readonly reason: string;
}

/**
 * The `monitor.stop` conditions, checked on each logged row in order: divergence (throws
 * DivergenceError, exit 3), target, plateau. A row without the condition's key is skipped (metrics
 * with their own cadence log only on some rows). Memory: the plateau keeps the rows of one window.
 */
export class StopConditions {
  private readonly window: { t: number; x: number }[] = [];

  constructor(private readonly config: StopConfig) {}

  /** Whether any condition is configured (if not, rows need not be checked). */
  get active(): boolean {
    return Boolean(this.config.plateau || this.config.target || this.config.divergence);
  }

  /** Throws DivergenceError, or returns a decision to stop, or null to go on. */
  check(row: MonitorRow): StopDecision | null {
    const { divergence, target, plateau } = this.config;
    if (divergence && divergence.metric in row) {
      const x = row[divergence.metric];
      if (!(Math.abs(x) <= divergence.limit)) {
        throw new DivergenceError(row.step, row.t, `monitor.stop.divergence: ${divergence.metric} = ${x} is not finite or exceeds the limit ${divergence.limit}`);
      }
    }
    if (target && target.metric in row) {
      const x = row[target.metric];
      if (target.direction === 'above' ? x >= target.value : x <= target.value) {
        return { condition: 'target', step: row.step, t: row.t, reason: `${target.metric} = ${x} reached the target ${target.direction} ${target.value}` };
      }
    }
    if (plateau && plateau.metric in row) {
      const { window } = this;
      window.push({ t: row.t, x: row[plateau.metric] });
      const start = row.t - plateau.window;
      // Keep the last row at or before the window's start, so the kept rows span the whole window.
      while (window.length > 1 && window[1].t <= start) window.shift();
      if (window[0].t <= start) {
        let lowest = Infinity;
        let highest = -Infinity;
        for (const point of window) {
          lowest = Math.min(lowest, point.x);
          highest = Math.max(highest, point.x);
        }
        if (highest - lowest < plateau.tolerance) {
          return {
            condition: 'plateau',
            step: row.step,
            t: row.t,
            reason: `${plateau.metric} varied by ${highest - lowest} < ${plateau.tolerance} over the last ${plateau.window} time units`,
          };
        }
      }
    }
    return null;
  }
}
