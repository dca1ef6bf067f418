/**
 * The flow, off the page's main thread: the real packages (core, environments, the cpu backend's
 * WebAssembly kernels on one thread, the monitor's metrics) in a Web Worker. It takes Commands
 * and sends Reports (protocol.ts): frames of the particles at most ~30 times a second, every row
 * the monitor logs, W2 between the replicas when asked, and the run's files.
 */
import 'reflect-metadata';
import { cpuBackendModule } from '@mfpg/backend-cpu';
import {
  backendSummary,
  ConfigError,
  type ConfigOverride,
  createContainer,
  defaultConfig,
  DivergenceError,
  type EngineSnapshot,
  Environment,
  FlowEngine,
  type GridPolicyEvaluation,
  type PolicyEvaluation,
  ParameterPrior,
  ParticleBackend,
  PluginError,
  resolveConfig,
  RunConfig,
  type DiscretizedEnvironment,
  Evaluator,
  softValueIteration,
} from '@mfpg/core';
import { environmentsModule } from '@mfpg/environments';
import { CloudW2, monitorContributions, monitorModule, monitorRows, resolveMonitor } from '@mfpg/monitor';
import type { ContainerModule } from 'inversify';
import type { Subscription } from 'rxjs';
import { customEnvironmentModule, EnvironmentCodeError } from './custom-environment';
import { environmentPluginFile } from './environment-code';
import type { Command, PolicyGrid, Report } from './protocol';

/** Frames (particles, F, step) at most this often: a screen's rate is plenty. */
const FRAME_MS = 33;
/** The policy heat map at most this often (S×K values). */
const POLICY_MS = 250;
/** Longest stretch of steps without reading the page's commands (pause, sliders). */
const SLICE_MS = 20;
const SEED_RANGE = 2 ** 32;

/** V*(ρ) of the grid MDP, computed once per environment section and τ (a new run forgets it). */
let optimum: { key: string; value: number } | undefined;

/**
 * The entropy-regularised optimum V*(ρ) = Σ_i ρ_i V*(s_i) of the quadrature grid's MDP, by soft
 * value iteration (docs/math.md §1, §5): the value no policy, hence no F(ν), exceeds on that grid.
 * Absent without grid evaluation (e.g. B4's Monte Carlo).
 */
function optimalValue(container: { get<T>(token: symbol): T }, config: RunConfig): number | undefined {
  const discretization = container.get<{ discretization?: DiscretizedEnvironment }>(Evaluator).discretization;
  if (discretization === undefined) return undefined;
  const tau = config.regularization.tau;
  const key = JSON.stringify([config.env, tau]);
  if (optimum?.key !== key) {
    // 1e-10: far below the 6 digits shown, reached in a few hundred sweeps for γ ≤ 0.99.
    const { V } = softValueIteration(discretization.mdp, tau, { tolerance: 1e-10 });
    let value = 0;
    for (let i = 0; i < V.length; i++) value += discretization.mdp.initial[i] * V[i];
    optimum = { key, value };
  }
  return optimum.value;
}

interface Replica {
  readonly engine: FlowEngine;
  /** What runs the kernels, as summary.json says it. */
  readonly backend: string;
  /** V*(ρ) on the evaluation grid (replica 0), when there is one. */
  readonly optimum?: number;
  readonly subscriptions: Subscription[];
}

let modules: ContainerModule[] = [];
let code: string | undefined;
/** The resolved configuration of the whole run (replicas section included): config.json. */
let config: RunConfig | undefined;
let replicas: Replica[] = [];
let rows: string[] = [];
let latestEvaluation: PolicyEvaluation | undefined;
let running = false;
let looping = false;
let lastFrame = 0;
let lastPolicy = 0;
let rateWindow = { time: 0, step: 0, rate: 0 };

const post = (report: Report, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(report, transfer);

/** A macrotask boundary without timer clamping: lets the page's commands in between steps. */
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldToCommands = () =>
  new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });

/**
 * The seeds of replica k as `mfpg run` gives them with `replicas.noise: shared`: the same `seed`
 * (the same Brownian increments: synchronous coupling) and ν_0 from `initSeed + k`, `initSeed`
 * defaulting to `seed + 1` (README, "Configuration").
 */
function replicaOverrides(shared: RunConfig, k: number): ConfigOverride[] {
  if (shared.replicas.count === 1) return [];
  const initSeed = shared.particles.initSeed ?? (shared.seed + 1) % SEED_RANGE;
  return [{ path: ['particles', 'initSeed'], value: (initSeed + k) % SEED_RANGE }];
}

/** The engines of `input`, each continuing from `from[k]` when given (a slider moved). */
function build(input: Record<string, unknown>, from?: readonly EngineSnapshot[]): void {
  const shared = createContainer(resolveConfig(input), modules).get<RunConfig>(RunConfig);
  const single = { ...shared, replicas: defaultConfig.replicas };
  const built = Array.from({ length: shared.replicas.count }, (_, k) => {
    const container = createContainer(resolveConfig(single, replicaOverrides(shared, k)), modules);
    const engine = container.get(FlowEngine);
    const snapshot = from?.[k];
    if (snapshot) engine.restore(snapshot);
    return { engine, container };
  });
  for (const replica of replicas) for (const subscription of replica.subscriptions) subscription.unsubscribe();
  replicas = built.map(({ engine, container }, k) => {
    const subscriptions: Subscription[] = [];
    if (k === 0) {
      // The rows of metrics.jsonl, by the monitor's own contract metrics (F, J, KL, entropy, ‖DF‖).
      const environment = container.get<Environment>(Environment);
      // Sinks are validated (so the config stays valid for `mfpg run`) but never made: the page is the sink.
      const contributions = monitorContributions(container);
      const monitor = resolveMonitor(engine.config, contributions.metrics, contributions.sinks, {
        config: engine.config,
        prior: container.get<ParameterPrior>(ParameterPrior),
        environment,
      });
      subscriptions.push(
        engine.steps$.pipe(monitorRows(monitor.metrics)).subscribe({
          next: (row) => {
            rows.push(JSON.stringify(row));
            post({ type: 'row', row: row as unknown as Record<string, unknown> });
          },
          error: () => undefined,
        }),
        engine.steps$.subscribe({ next: (event) => (latestEvaluation = event.evaluation), error: () => undefined }),
      );
    }
    return {
      engine,
      subscriptions,
      backend: backendSummary(container.get<ParticleBackend>(ParticleBackend)).backend,
      optimum: k === 0 ? optimalValue(container, engine.config) : undefined,
    };
  });
  config = shared;
}

/** Where the page shows an error: beside the editor when the edited environment is to blame. */
function describeError(error: unknown): Report {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof EnvironmentCodeError) return { type: 'error', where: 'environment', message };
  if (error instanceof ConfigError) {
    const aboutEnvironment = code !== undefined && error.issues.some((issue) => issue.field.startsWith('env'));
    return { type: 'error', where: aboutEnvironment ? 'environment' : 'config', message };
  }
  if (error instanceof DivergenceError || code === undefined) return { type: 'error', where: 'run', message };
  // With an edited environment, anything else (a PluginError naming it, a TypeError in its code) is the code's.
  return { type: 'error', where: 'environment', message: error instanceof PluginError ? message : `${error instanceof Error ? error.name : 'Error'}: ${message}` };
}

function policyGrid(): PolicyGrid | undefined {
  const evaluation = latestEvaluation as GridPolicyEvaluation | undefined;
  if (evaluation?.logPolicy === undefined || evaluation.discretization === undefined) return undefined;
  const actions = evaluation.discretization.actionNodes.count;
  const states = evaluation.logPolicy.length / actions;
  const density = new Float32Array(evaluation.logPolicy.length);
  for (let j = 0; j < density.length; j++) density[j] = Math.exp(evaluation.logPolicy[j]);
  return { states, actions, density };
}

function sendFrame(force = false): void {
  const now = performance.now();
  if (!force && now - lastFrame < FRAME_MS) return;
  lastFrame = now;
  const engine = replicas[0]?.engine;
  if (!engine) return;
  if (now - rateWindow.time >= 1000) {
    rateWindow = { time: now, step: engine.step, rate: running && rateWindow.time > 0 ? ((engine.step - rateWindow.step) * 1000) / (now - rateWindow.time) : rateWindow.rate };
  }
  const policy = force || now - lastPolicy >= POLICY_MS ? policyGrid() : undefined;
  if (policy) lastPolicy = now;
  const theta = engine.theta.slice();
  post(
    {
      type: 'frame',
      step: engine.step,
      t: engine.time,
      value: latestEvaluation?.value ?? Number.NaN,
      running,
      done: engine.done,
      rate: rateWindow.rate,
      theta,
      dim: engine.dim,
      policy,
    },
    policy ? [theta.buffer, policy.density.buffer] : [theta.buffer],
  );
}

/** Steps every replica in lockstep while running; reads commands every SLICE_MS. */
async function loop(): Promise<void> {
  if (looping) return;
  looping = true;
  rateWindow = { time: performance.now(), step: replicas[0]?.engine.step ?? 0, rate: 0 };
  try {
    while (running && replicas.length > 0) {
      const sliceStart = performance.now();
      while (running && !replicas[0].engine.done && performance.now() - sliceStart < SLICE_MS) {
        for (const replica of replicas) await replica.engine.advance();
        sendFrame();
      }
      if (replicas[0].engine.done) {
        // Publishes the state at the horizon (the final row of metrics.jsonl) and completes.
        for (const replica of replicas) await replica.engine.finish();
        running = false;
        sendFrame(true);
        break;
      }
      await yieldToCommands();
    }
  } catch (error) {
    running = false;
    post(describeError(error));
    sendFrame(true);
  } finally {
    looping = false;
  }
}

function measureW2(): void {
  if (!config || replicas.length < 2) {
    post({ type: 'error', where: 'run', message: 'W2 needs two replicas: tick "coupled replica" (replicas.count 2, shared noise)' });
    return;
  }
  const [a, b] = replicas.map((replica) => replica.engine);
  const w2 = new CloudW2(config.replicas.w2 as ConstructorParameters<typeof CloudW2>[0]);
  const value = w2.distance(a.theta, b.theta, a.particleCount, a.dim);
  post({ type: 'w2', step: a.step, t: a.time, w2: value, method: w2.usesExact(a.particleCount) ? 'exact' : 'sliced' });
}

function files(): Record<string, string> {
  const engine = replicas[0]?.engine;
  if (!engine || !config) return {};
  const theta = Array.from({ length: engine.particleCount }, (_, i) => Array.from(engine.theta.subarray(i * engine.dim, (i + 1) * engine.dim)));
  const out: Record<string, string> = {
    'config.json': `${JSON.stringify(config, null, 2)}\n`,
    'metrics.jsonl': rows.map((row) => `${row}\n`).join(''),
    'particles.json': `${JSON.stringify({ step: engine.step, t: engine.time, particleCount: engine.particleCount, dim: engine.dim, theta }, null, 2)}\n`,
  };
  if (code !== undefined) out['custom-environment.js'] = environmentPluginFile(code);
  return out;
}

function ready(continued: boolean): void {
  const engine = replicas[0].engine;
  post({
    type: 'ready',
    continued,
    config: config as unknown as Record<string, unknown>,
    environment: engine.env.id,
    dim: engine.dim,
    totalSteps: engine.totalSteps,
    backend: `${replicas[0].backend} in a Web Worker`,
    optimum: replicas[0].optimum ?? null,
  });
  sendFrame(true);
}

function handle(command: Command): void {
  try {
    switch (command.type) {
      case 'configure':
        running = false;
        code = command.code;
        modules = [environmentsModule, cpuBackendModule, monitorModule, ...(code === undefined ? [] : [customEnvironmentModule(code)])];
        rows = [];
        latestEvaluation = undefined;
        optimum = undefined;
        for (const replica of replicas) for (const subscription of replica.subscriptions) subscription.unsubscribe();
        replicas = [];
        build(command.input);
        ready(false);
        return;
      case 'update': {
        if (replicas.length === 0) return;
        const before = replicas.map((replica) => replica.engine);
        const integratorKept = (command.input.flow as { integrator?: string } | undefined)?.integrator === config?.flow.integrator;
        const snapshots = before.map((engine) => ({ ...engine.snapshot(), integrator: integratorKept ? engine.snapshot().integrator : null }));
        build(command.input, snapshots);
        ready(true);
        return;
      }
      case 'start':
        if (replicas.length === 0 || replicas[0].engine.done) return;
        running = true;
        void loop();
        return;
      case 'pause':
        running = false;
        sendFrame(true);
        return;
      case 'w2':
        measureW2();
        return;
      case 'files':
        post({ type: 'files', files: files() });
        return;
    }
  } catch (error) {
    running = false;
    post(describeError(error));
  }
}

self.onmessage = (event: MessageEvent<Command>) => handle(event.data);
