/**
 * The flow, off the page's main thread: the real packages (core, environments, the monitor's
 * metrics, and the kernels backend-pick.ts chose: gpu.js on WebGL2 or the cpu backend's
 * WebAssembly on one thread) in a Web Worker. It takes Commands and sends Reports (protocol.ts):
 * frames of the particles at most ~30 times a second (frames.ts), every row the monitor logs, W2
 * between the replicas when asked, and the run's files.
 */
import 'reflect-metadata';
import { cpuBackendModule } from '@mfpg/backend-cpu';
import { type GpuBackend, gpuBackendModule } from '@mfpg/backend-gpu';
import {
  backendSummary,
  ConfigError,
  type ConfigOverride,
  createContainer,
  defaultConfig,
  type EngineSnapshot,
  Environment,
  FlowEngine,
  ParameterPrior,
  ParticleBackend,
  resolveConfig,
  RunConfig,
} from '@mfpg/core';
import { environmentsModule } from '@mfpg/environments';
import { CloudW2, monitorContributions, monitorModule, monitorRows, resolveMonitor } from '@mfpg/monitor';
import type { ContainerModule } from 'inversify';
import type { Subscription } from 'rxjs';
import { type BackendPick, cpuPick, pickBackend } from './backend-pick';
import { customEnvironmentModule } from './custom-environment';
import { describeError } from './error-report';
import { FrameRecorder } from './frames';
import { forgetOptimalValue, optimalValue } from './optimal-value';
import type { BackendChoice } from './playground-config';
import type { Command, Report } from './protocol';
import { runFiles } from './run-files';

/** Longest stretch of steps without reading the page's commands (pause, sliders). */
const SLICE_MS = 20;
const SEED_RANGE = 2 ** 32;

interface Replica {
  readonly engine: FlowEngine;
  /** What runs the kernels, as summary.json says it. */
  readonly backend: string;
  /** The backend itself: a gpu one holds a WebGL2 context, released when the replica is replaced (browsers cap live contexts). */
  readonly particleBackend: ParticleBackend & { dispose?(): void };
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
const frames = new FrameRecorder();
let choice: BackendChoice = 'auto';
let pick: BackendPick = cpuPick();
let running = false;
let looping = false;

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

/** The run's configuration on the picked backend. */
const withBackend = (input: Record<string, unknown>) => (pick.section === undefined ? input : { ...input, backend: pick.section });

function dropReplicas(): void {
  for (const replica of replicas) {
    for (const subscription of replica.subscriptions) subscription.unsubscribe();
    replica.particleBackend.dispose?.();
  }
  replicas = [];
}

/** The engines of `input`, each continuing from `from[k]` when given (a slider moved). */
function build(input: Record<string, unknown>, from?: readonly EngineSnapshot[]): void {
  const shared = createContainer(resolveConfig(withBackend(input)), modules).get<RunConfig>(RunConfig);
  const single = { ...shared, replicas: defaultConfig.replicas };
  const built = Array.from({ length: shared.replicas.count }, (_, k) => {
    const container = createContainer(resolveConfig(single, replicaOverrides(shared, k)), modules);
    const engine = container.get(FlowEngine);
    const snapshot = from?.[k];
    if (snapshot) engine.restore(snapshot);
    return { engine, container };
  });
  dropReplicas();
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
        engine.steps$.subscribe({ next: (event) => frames.observe(event), error: () => undefined }),
      );
    }
    const particleBackend = container.get<ParticleBackend>(ParticleBackend);
    return {
      engine,
      subscriptions,
      particleBackend,
      backend: backendSummary(particleBackend).backend,
      optimum: k === 0 ? optimalValue(container, engine.config) : undefined,
    };
  });
  config = shared;
}

function sendFrame(force = false): void {
  const engine = replicas[0]?.engine;
  const next = engine && frames.frame(engine, running, force);
  if (next) post(next.frame, next.transfer);
}

/** Steps every replica in lockstep while running; reads commands every SLICE_MS. */
async function loop(): Promise<void> {
  if (looping) return;
  looping = true;
  frames.startRate(replicas[0]?.engine.step ?? 0);
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
    post(describeError(error, code !== undefined));
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

function ready(continued: boolean): void {
  const engine = replicas[0].engine;
  post({
    type: 'ready',
    continued,
    config: config as unknown as Record<string, unknown>,
    environment: engine.env.id,
    dim: engine.dim,
    totalSteps: engine.totalSteps,
    backend: `${replicas[0].backend}${pick.renderer === undefined ? '' : ` on ${pick.renderer}`} in a Web Worker`,
    mode: pick.mode,
    ...(pick.fallback === undefined ? {} : { fallback: pick.fallback }),
    optimum: replicas[0].optimum ?? null,
  });
  sendFrame(true);
}

/**
 * A fresh run on the picked backend. A policy the gpu backend has no kernels for (it refuses the
 * unit or activation with a ConfigError on `policy.*` when the engine compiles) runs on cpu, as
 * does gpu.js taking another mode than webgl2; the reason goes to the page.
 */
async function configure(input: Record<string, unknown>): Promise<void> {
  pick = await pickBackend(choice);
  if (pick.mode === 'webgl') {
    try {
      build(input);
      const mode = (replicas[0].particleBackend as GpuBackend).mode;
      if (mode === 'webgl2') return;
      pick = cpuPick(`gpu.js picked its ${mode} mode, not webgl2`);
    } catch (error) {
      if (!(error instanceof ConfigError && error.issues.every((issue) => issue.field.startsWith('policy')))) throw error;
      pick = cpuPick(`the gpu backend has no kernels for this policy: ${error.message}`);
    }
  }
  build(input);
}

async function handle(command: Command): Promise<void> {
  try {
    switch (command.type) {
      case 'configure':
        running = false;
        code = command.code;
        choice = command.backend;
        modules = [environmentsModule, cpuBackendModule, gpuBackendModule, monitorModule, ...(code === undefined ? [] : [customEnvironmentModule(code)])];
        rows = [];
        frames.reset();
        forgetOptimalValue();
        dropReplicas();
        await configure(command.input);
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
        post({ type: 'files', files: replicas.length > 0 && config ? runFiles(replicas[0].engine, config, rows, code) : {} });
        return;
    }
  } catch (error) {
    running = false;
    post(describeError(error, code !== undefined));
  }
}

/** Commands in order: a `start` waits for the `configure` before it (which may be loading gpu.js). */
let commands = Promise.resolve();
self.onmessage = (event: MessageEvent<Command>) => {
  commands = commands.then(() => handle(event.data));
};
