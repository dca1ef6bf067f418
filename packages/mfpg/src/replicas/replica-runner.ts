import { ConfigError, DivergenceError, type FlowEngine, type StepEvent } from '@mfpg/core';
import type { ReplicaStep } from '@mfpg/monitor';
import { type Observable, Subject } from 'rxjs';

/** Options of {@link ReplicaRunner.run}. */
export interface ReplicaRunOptions {
  /** Stop early (between steps) when aborted; the stream completes normally. */
  readonly signal?: AbortSignal;
  /** Let timers and I/O run at least this often, in ms. Default 50. */
  readonly yieldEveryMs?: number;
  /**
   * Called between steps, after every replica moved and any yield to the event loop (so an abort
   * that arrived meanwhile is visible): each engine's state is then what its snapshot needs to
   * continue (checkpoints).
   */
  readonly afterStep?: (runner: ReplicaRunner) => void | Promise<void>;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A copy of one replica's step event, in buffers owned by the runner. */
interface ReplicaSlot {
  theta: Float64Array;
  drift: Float64Array;
  event: StepEvent | undefined;
}

/**
 * K flows run side by side in lockstep (docs/math.md §4 item 3), as one observable source: after every
 * engine has published step n, `steps$` emits a {@link ReplicaStep} with a copy of each replica's
 * event (θ and D F copied into preallocated buffers, valid until the next step; `evaluation` is the
 * engine's own object and may already describe the moved particles). Build the engines with
 * {@link createReplicas}, or pass your own with equal dt and step count.
 *
 * A divergence of any replica errors `steps$` and rejects `run()` with it, its detail starting
 * `replica k:` when there are several. With one engine it is how a single run steps (the one run
 * lifecycle, lifecycle/run-flows.ts, runs K = 1 replicas).
 *
 * @example
 * const runner = createReplicas({ regularization: { sigma: 2 } }, { count: 2, noise: 'shared',
 *   replicaOverrides: [['particles.init.mean=2'], ['particles.init.mean=-2']] });
 * runner.steps$.pipe(replicaDistances({ every: 10 })).subscribe((row) => console.log(row.t, row.values['replicas/w2/0-1']));
 * await runner.run();
 */
export class ReplicaRunner {
  readonly engines: readonly FlowEngine[];
  private readonly subject = new Subject<ReplicaStep>();
  private readonly slots: ReplicaSlot[];
  private started = false;

  /** The replicas' states, step by step, then the final one; errors with the first divergence. */
  readonly steps$: Observable<ReplicaStep> = this.subject.asObservable();

  constructor(engines: readonly FlowEngine[]) {
    if (engines.length < 1) throw ConfigError.of('replicas', engines.length, 'at least one engine');
    const [first] = engines;
    engines.forEach((engine, index) => {
      if (engine.totalSteps !== first.totalSteps || engine.dt !== first.dt) {
        throw ConfigError.of(
          `replicas.${index}.flow`,
          { dt: engine.dt, steps: engine.totalSteps },
          `the dt and step count of replica 0 (dt = ${first.dt}, ${first.totalSteps} steps): replicas run in lockstep`,
        );
      }
      if (engine.step !== first.step) throw ConfigError.of(`replicas.${index}`, engine.step, `the current step of replica 0 (${first.step})`);
    });
    this.engines = engines;
    this.slots = engines.map((engine) => ({
      theta: new Float64Array(engine.theta.length),
      drift: new Float64Array(engine.theta.length),
      event: undefined,
    }));
  }

  /** Runs all replicas to the horizon (or until aborted), emitting on `steps$`, then completes it. */
  async run(options: ReplicaRunOptions = {}): Promise<void> {
    if (this.started) throw new Error('this replica runner has already run');
    this.started = true;
    const yieldEveryMs = options.yieldEveryMs ?? 50;
    const subscriptions = this.engines.map((engine, index) => engine.steps$.subscribe({ next: (event) => this.copy(index, event), error: () => undefined }));
    let lastYield = performance.now();
    try {
      const [first] = this.engines;
      while (!first.done && !options.signal?.aborted) {
        for (const [index, engine] of this.engines.entries()) await this.onReplica(index, () => engine.advance());
        this.emit(false);
        if (performance.now() - lastYield >= yieldEveryMs) {
          await yieldToEventLoop();
          lastYield = performance.now();
        }
        await options.afterStep?.(this);
      }
      for (const [index, engine] of this.engines.entries()) await this.onReplica(index, () => engine.finish());
      this.emit(true);
      this.subject.complete();
    } catch (error) {
      this.subject.error(error);
      throw error;
    } finally {
      for (const subscription of subscriptions) subscription.unsubscribe();
    }
  }

  /** Runs one replica's part of a step, naming the replica (when there are several) in what it throws. */
  private async onReplica(index: number, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      const named = error instanceof DivergenceError && this.engines.length > 1;
      throw named ? new DivergenceError(error.step, error.t, `replica ${index}: ${error.detail}`) : error;
    }
  }

  private copy(index: number, event: StepEvent): void {
    const slot = this.slots[index];
    slot.theta.set(event.theta);
    slot.drift.set(event.drift);
    slot.event = { ...event, theta: slot.theta, drift: slot.drift };
  }

  private emit(final: boolean): void {
    const replicas = this.slots.map((slot) => slot.event as StepEvent);
    this.subject.next({ step: replicas[0].step, t: replicas[0].t, final, replicas });
  }
}
