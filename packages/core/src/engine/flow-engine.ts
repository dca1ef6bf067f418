import { inject, injectable } from 'inversify';
import { Subject } from 'rxjs';
import { RunConfig, stepCount } from '../config/run-config';
import { scheduledTimes, scheduledValue } from '../config/schedule';
import { guardEnvironment } from '../checks/environment-guard';
import { guardDriftShape, guardEvaluation, guardIntegratorStep } from '../checks/runtime-guards';
import { ConfigError, DivergenceError } from '../errors';
import { createRandom, XoroshiroRandom } from '../math/random';
import { Environment } from '../plugin-points/environment';
import { type PolicyEvaluation, Evaluator } from '../plugin-points/evaluator';
import { InitialLaw } from '../plugin-points/initial-law';
import { type DriftField, Integrator, type IntegratorStep } from '../plugin-points/integrator';
import { ParameterPrior } from '../plugin-points/parameter-prior';
import { ParticleBackend } from '../plugin-points/particle-backend';
import type { Random } from '../plugin-points/random';
import type { StepEvent } from '../plugin-points/step-event';
import { Unit } from '../plugin-points/unit';
import type { EngineSnapshot, RunOptions } from './engine-options';
import { FieldNetwork } from './field-network';

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The N-particle mean-field Langevin flow (docs/math.md §3): at each step it evaluates the policy of the
 * current particles, computes the drift D F(ν_t, θ_i), publishes the state on `steps$`, and lets the
 * integrator move the particles. Collaborators are resolved once; the step loop allocates nothing
 * but the event object.
 */
@injectable()
export class FlowEngine {
  readonly particleCount: number;
  readonly dim: number;
  readonly totalSteps: number;
  /** The time step at t = 0 (`flow.dt`); with a dt schedule see {@link stepSize}. */
  readonly dt: number;
  /** t_0 … t_totalSteps under a dt schedule (`schedules.dt`); undefined: t_n = n·dt. */
  private readonly times: Float64Array | undefined;
  /** Particles θ (N×d row-major); the integrator updates it in place. */
  readonly theta: Float64Array;
  private readonly drift: Float64Array;
  private readonly field: DriftField;
  /** The network of the θ being evaluated (the engine's particles or an integrator's predictor). */
  private readonly network: FieldNetwork;
  /** Who to name in a PluginError (checks/runtime-guards.ts). */
  private readonly pluginNames: { readonly environment: string; readonly evaluator: string; readonly backend: string };
  private readonly stepsSubject = new Subject<StepEvent>();
  private rng: Random;
  private stepIndex = 0;
  private finished = false;

  /** The state at every step, then at the horizon (`final`); errors with DivergenceError. */
  readonly steps$ = this.stepsSubject.asObservable();

  constructor(
    @inject(RunConfig) readonly config: RunConfig,
    @inject(Environment) private readonly environment: Environment,
    @inject(Unit) unit: Unit,
    @inject(Evaluator) private readonly evaluator: Evaluator,
    @inject(ParticleBackend) backend: ParticleBackend,
    @inject(Integrator) private readonly integrator: Integrator,
    @inject(ParameterPrior) private readonly prior: ParameterPrior,
    @inject(InitialLaw) initialLaw: InitialLaw,
  ) {
    this.particleCount = config.particles.count;
    this.dim = unit.parameterDim(environment.featureDim);
    this.totalSteps = stepCount(config);
    this.dt = config.flow.dt;
    this.times = config.schedules?.dt === undefined ? undefined : scheduledTimes(config.schedules.dt, config.flow.dt, config.flow.horizon);
    const tauSchedule = config.schedules?.tau;
    if (tauSchedule !== undefined && tauSchedule.kind !== 'constant' && evaluator.setEntropyStrength === undefined) {
      throw ConfigError.of('schedules.tau', tauSchedule, `a constant τ: the evaluator '${evaluator.name}' has no setEntropyStrength, so it cannot follow a τ schedule`);
    }
    this.theta = new Float64Array(this.particleCount * this.dim);
    this.drift = new Float64Array(this.particleCount * this.dim);
    this.rng = createRandom(config.seed);
    // With particles.initSeed the initial draws use their own stream, so runs with equal `seed`
    // share every later (Brownian) draw whatever their initial particles.
    const initialRng = config.particles.initSeed === undefined ? this.rng : createRandom(config.particles.initSeed);
    initialLaw.sample(initialRng, this.theta, this.particleCount, this.dim);
    this.network = new FieldNetwork(backend.compile(unit, this.particleCount, this.dim), this.theta);
    this.pluginNames = { environment: environment.id, evaluator: evaluator.name, backend: backend.name };
    // Once, on a stream of its own: a broken environment fails here, naming itself, before any step.
    guardEnvironment(environment, evaluator, createRandom(config.seed).split());
    this.field = async (theta, out) => {
      guardDriftShape(this.integrator, theta, out, this.particleCount, this.dim);
      this.network.aim(theta);
      const evaluation = await this.evaluator.evaluate(this.network, this.rng);
      await this.network.preparedAt(evaluation.points).drift(evaluation.weights, out);
      return evaluation;
    };
  }

  /** The environment being solved. */
  get env(): Environment {
    return this.environment;
  }

  /** Index of the next step to take. */
  get step(): number {
    return this.stepIndex;
  }

  /**
   * Current time t_n: n·dt (computed, not accumulated, so it carries no round-off drift), or the
   * scheduled times t_{n+1} = t_n + dt(t_n) under a dt schedule.
   */
  get time(): number {
    return this.timeAt(this.stepIndex);
  }

  /** t_n of step `n` of this run (as {@link time} is for the current step); n in [0, totalSteps]. */
  timeAt(n: number): number {
    return this.times === undefined ? n * this.dt : this.times[n];
  }

  /** dt(t_n): the step the integrator takes from the current time (docs/math.md §6). */
  get stepSize(): number {
    return scheduledValue(this.config.schedules?.dt, this.dt, this.time);
  }

  /** σ(t_n): the noise of the current step (`regularization.sigma` under `schedules.sigma`). */
  get sigma(): number {
    return scheduledValue(this.config.schedules?.sigma, this.config.regularization.sigma, this.time);
  }

  /** τ(t_n): the entropy strength of the current evaluations (`regularization.tau` under `schedules.tau`). */
  get tau(): number {
    return scheduledValue(this.config.schedules?.tau, this.config.regularization.tau, this.time);
  }

  get done(): boolean {
    return this.stepIndex >= this.totalSteps;
  }

  /** Sets τ(t_n) on the evaluator: σ, τ and dt are piecewise constant, each step uses their values at its start t_n. */
  private applyTau(): number {
    const tau = this.tau;
    if (this.config.schedules?.tau !== undefined) this.evaluator.setEntropyStrength?.(tau);
    return tau;
  }

  /** Evaluates the current particles and publishes the state at the current time. */
  private async publish(final: boolean): Promise<PolicyEvaluation> {
    const tau = this.applyTau();
    const evaluation = await this.field(this.theta, this.drift);
    guardEvaluation(evaluation, this.drift, this.pluginNames, this.stepIndex);
    this.requireFiniteValue(evaluation);
    let squares = 0;
    for (let k = 0; k < this.drift.length; k++) squares += this.drift[k] * this.drift[k];
    this.stepsSubject.next({
      step: this.stepIndex,
      t: this.time,
      dt: this.stepSize,
      sigma: this.sigma,
      tau,
      final,
      value: evaluation.value,
      gradNorm: Math.sqrt(squares / this.particleCount),
      evaluation,
      drift: this.drift,
      theta: this.theta,
      particleCount: this.particleCount,
      dim: this.dim,
    });
    return evaluation;
  }

  private checkParticles(): void {
    const limit = this.config.flow.maxParticleNorm;
    for (let k = 0; k < this.theta.length; k++) {
      const x = this.theta[k];
      if (!(Math.abs(x) <= limit)) {
        const particle = Math.floor(k / this.dim);
        const what = Number.isFinite(x) ? `|θ| = ${Math.abs(x).toExponential(3)} exceeds flow.maxParticleNorm = ${limit}` : `θ = ${x}`;
        throw new DivergenceError(this.stepIndex, this.time, `particle ${particle}, coordinate ${k % this.dim}: ${what}`);
      }
    }
  }

  /**
   * Evaluates the policy of the current particles at the current time (τ(t_n)) without moving
   * them, publishing nothing, and on a copy of the run's random stream (a Monte Carlo evaluator's
   * draws), so the run's later numbers are those it has without this call — exactly for evaluators
   * without memory between evaluations (direct grid solves, Monte Carlo); a grid evaluator whose
   * iterative solver is warm-started from its last solution starts the next step from this one,
   * within the solver's tolerance. The result is the evaluator's object, valid until its next evaluation.
   */
  async evaluate(): Promise<PolicyEvaluation> {
    this.applyTau();
    this.network.aim(this.theta);
    const evaluation = await this.evaluator.evaluate(this.network, XoroshiroRandom.fromState(this.rng.state()));
    this.requireFiniteValue(evaluation);
    return evaluation;
  }

  /** A non-finite F(ν) is a divergence at the current step. */
  private requireFiniteValue(evaluation: PolicyEvaluation): void {
    if (!Number.isFinite(evaluation.value)) throw new DivergenceError(this.stepIndex, this.time, `the value F(ν) is ${evaluation.value}`);
  }

  /** Publishes the state at t, then moves the particles to t + dt. A failure errors `steps$` and ends the run. */
  async advance(): Promise<void> {
    if (this.finished) throw new Error('this engine has already finished its run');
    if (this.done) throw new Error(`the run is over: all ${this.totalSteps} steps were taken`);
    await this.endingOnFailure(async () => {
      await this.publish(false);
      const step: IntegratorStep = {
        theta: this.theta,
        drift: this.drift,
        particleCount: this.particleCount,
        dim: this.dim,
        dt: this.stepSize,
        sigma: this.sigma,
        prior: this.prior,
        rng: this.rng,
        field: this.field,
      };
      const returned: unknown = await this.integrator.step(step);
      guardIntegratorStep(this.integrator, returned, this.theta, this.drift, this.particleCount, this.dim);
      this.stepIndex++;
      this.checkParticles();
    });
  }

  /**
   * Ends the run where it is (at the horizon, or earlier when stopped): publishes the current state
   * as the `final` one and completes `steps$`. Once per engine.
   */
  async finish(): Promise<void> {
    if (this.finished) throw new Error('this engine has already finished its run');
    await this.endingOnFailure(() => this.publish(true));
    this.finished = true;
    this.stepsSubject.complete();
  }

  /** Runs `work`; if it throws, the run is over: `steps$` errors with what it threw (subscribers keep what they logged). */
  private async endingOnFailure(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.finished = true;
      this.stepsSubject.error(error);
      throw error;
    }
  }

  /**
   * Runs the remaining steps, publishes the final state and completes `steps$` ({@link finish}). A
   * divergence errors the stream and rejects with DivergenceError; what subscribers logged before it stays.
   */
  async run(options: RunOptions = {}): Promise<void> {
    if (this.finished) throw new Error('this engine has already finished its run');
    const yieldEveryMs = options.yieldEveryMs ?? 50;
    let lastYield = performance.now();
    while (!this.done && !options.signal?.aborted) {
      await this.advance();
      if (performance.now() - lastYield >= yieldEveryMs) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
      await this.endingOnFailure(async () => options.afterStep?.(this));
    }
    await this.finish();
  }

  /** The particles and random state at the current step (for checkpoints). */
  snapshot(): EngineSnapshot {
    return {
      step: this.stepIndex,
      particleCount: this.particleCount,
      dim: this.dim,
      theta: Array.from(this.theta),
      random: this.rng.state(),
      integrator: this.integrator.saveState?.() ?? null,
    };
  }

  /** Continues from a snapshot of a run with the same configuration. */
  restore(snapshot: EngineSnapshot): void {
    if (snapshot.particleCount !== this.particleCount || snapshot.dim !== this.dim) {
      throw new Error(`snapshot has ${snapshot.particleCount}×${snapshot.dim} particles, this run ${this.particleCount}×${this.dim}`);
    }
    this.theta.set(snapshot.theta);
    this.rng = XoroshiroRandom.fromState(snapshot.random);
    this.stepIndex = snapshot.step;
    if (snapshot.integrator !== null && snapshot.integrator !== undefined) {
      if (!this.integrator.restoreState) throw new Error(`the snapshot has state for an integrator, but '${this.integrator.name}' keeps none`);
      this.integrator.restoreState(snapshot.integrator);
    }
  }
}
