/**
 * The frames the worker sends the page: the particles, F, the step and the policy of one and the
 * same published state ν_t. The engine publishes ν_t (its step event) and then moves the particles
 * to t + dt, so its step counter is one ahead of the F it last published: a frame built from the
 * engine's counter and the last F would show F one step late (the cause of an apparent
 * disagreement between backends, commit c41604c). Each frame is therefore built from the step
 * event alone.
 */
import type { FlowEngine, GridPolicyEvaluation, PolicyEvaluation, StepEvent } from '@mfpg/core';
import type { PolicyGrid, Report } from './protocol';

/** Frames at most this often: a screen's rate is plenty. */
const FRAME_MS = 33;
/** The policy heat map at most this often (S×K values). */
const POLICY_MS = 250;

/** One published state, copied out of the engine's live buffers. */
interface PublishedState {
  readonly step: number;
  readonly t: number;
  readonly value: number;
  readonly evaluation: PolicyEvaluation;
  readonly theta: Float64Array;
}

type Frame = Extract<Report, { type: 'frame' }>;

function policyGrid(evaluation: PolicyEvaluation): PolicyGrid | undefined {
  const grid = evaluation as GridPolicyEvaluation;
  if (grid.logPolicy === undefined || grid.discretization === undefined) return undefined;
  const actions = grid.discretization.actionNodes.count;
  const states = grid.logPolicy.length / actions;
  const density = new Float32Array(grid.logPolicy.length);
  for (let j = 0; j < density.length; j++) density[j] = Math.exp(grid.logPolicy[j]);
  return { states, actions, density };
}

/** Replica 0's published states, turned into frames at a screen's rate, with the steps per second. */
export class FrameRecorder {
  private latest: PublishedState | undefined;
  private lastFrame = 0;
  private lastPolicy = 0;
  private rateWindow = { time: 0, step: 0, rate: 0 };

  /** A new run: nothing published yet. */
  reset(): void {
    this.latest = undefined;
  }

  /** Keeps the state of a step event (its buffers are the engine's and change with the next step). */
  observe(event: StepEvent): void {
    this.latest = { step: event.step, t: event.t, value: event.value, evaluation: event.evaluation, theta: event.theta.slice() };
  }

  /** Starts measuring steps per second from `step` (the loop starts running). */
  startRate(step: number): void {
    this.rateWindow = { time: performance.now(), step, rate: 0 };
  }

  /**
   * The frame to send now, or undefined when the last one is younger than FRAME_MS (unless
   * `force`). Before the first published state of a run it shows the engine's particles, its step
   * and no F.
   */
  frame(engine: FlowEngine, running: boolean, force = false): { frame: Frame; transfer: ArrayBuffer[] } | undefined {
    const now = performance.now();
    if (!force && now - this.lastFrame < FRAME_MS) return undefined;
    this.lastFrame = now;
    if (now - this.rateWindow.time >= 1000) {
      const { time, step, rate } = this.rateWindow;
      this.rateWindow = { time: now, step: engine.step, rate: running && time > 0 ? ((engine.step - step) * 1000) / (now - time) : rate };
    }
    const published = this.latest;
    const policy = published !== undefined && (force || now - this.lastPolicy >= POLICY_MS) ? policyGrid(published.evaluation) : undefined;
    if (policy) this.lastPolicy = now;
    const theta = published === undefined ? engine.theta.slice() : published.theta.slice();
    const frame: Frame = {
      type: 'frame',
      step: published?.step ?? engine.step,
      t: published?.t ?? engine.time,
      value: published?.value ?? Number.NaN,
      running,
      done: engine.done,
      rate: this.rateWindow.rate,
      theta,
      dim: engine.dim,
      policy,
    };
    // Moved, not copied, to the page (the density is made here, in a plain ArrayBuffer).
    return { frame, transfer: policy ? [theta.buffer, policy.density.buffer as ArrayBuffer] : [theta.buffer] };
  }
}
