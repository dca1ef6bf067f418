import type { RandomState } from '../plugin-points/random';
import type { FlowEngine } from './flow-engine';

/** Everything needed to continue a run exactly where it stopped. */
export interface EngineSnapshot {
  readonly step: number;
  readonly particleCount: number;
  readonly dim: number;
  readonly theta: readonly number[];
  readonly random: RandomState;
  /** The integrator's own state between steps (e.g. a stored noise increment), or null. */
  readonly integrator: unknown;
}

/** Options of {@link FlowEngine.run}. */
export interface RunOptions {
  /** Stop early (between steps) when aborted; the stream completes normally. */
  readonly signal?: AbortSignal;
  /** Let timers and I/O run (progress bars, signals) at least this often, in ms. Default 50. */
  readonly yieldEveryMs?: number;
  /**
   * Called between steps (after the particles moved and any yield to the event loop, so an abort
   * that arrived meanwhile is visible): the state is then exactly what {@link FlowEngine.snapshot}
   * needs to continue the run (checkpoints).
   */
  readonly afterStep?: (engine: FlowEngine) => void | Promise<void>;
}
