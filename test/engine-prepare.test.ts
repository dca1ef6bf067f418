import { describe, expect, it } from 'vitest';
import {
  CpuBackend,
  createContainer,
  defaultModules,
  FlowEngine,
  ParticleBackend,
  resolveConfig,
  type ParticleKernels,
  type PointSet,
  type Unit,
} from 'mfpg';

const small = { particles: { count: 24 }, env: { grid: { states: 8, actions: 8 } }, flow: { horizon: 0.25 } };

/** What the engine asked of the kernels, in order: the θ buffer and point set of each preparation. */
interface KernelLog {
  readonly calls: string[];
  readonly prepared: { theta: Float64Array; points: PointSet }[];
}

/**
 * The cpu backend, recording the engine's kernel calls; `withPrepare` false hides `prepare`, so
 * the engine takes core's prepareKernels fallback.
 */
function recordingBackend(withPrepare: boolean): { backend: ParticleBackend; log: KernelLog } {
  const cpu = new CpuBackend();
  const log: KernelLog = { calls: [], prepared: [] };
  const backend: ParticleBackend = {
    name: 'cpu',
    compile(unit: Unit, particleCount: number, parameterDim: number): ParticleKernels {
      const kernels = cpu.compile(unit, particleCount, parameterDim);
      const recorded: ParticleKernels = {
        forward(theta, points, out) {
          log.calls.push('forward');
          return kernels.forward(theta, points, out);
        },
        drift(theta, points, weights, out) {
          log.calls.push('drift');
          return kernels.drift(theta, points, weights, out);
        },
      };
      if (!withPrepare) return recorded;
      return {
        ...recorded,
        prepare(theta, points) {
          log.calls.push('prepare');
          log.prepared.push({ theta, points });
          const handle = kernels.prepare!(theta, points);
          return {
            forward(out) {
              log.calls.push('prepared forward');
              return handle.forward(out);
            },
            drift(weights, out) {
              log.calls.push('prepared drift');
              return handle.drift(weights, out);
            },
          };
        },
      };
    },
  };
  return { backend, log };
}

async function run(config: object, withPrepare: boolean): Promise<{ theta: number[]; values: number[]; log: KernelLog; engine: FlowEngine }> {
  const container = createContainer(resolveConfig(config), defaultModules);
  const { backend, log } = recordingBackend(withPrepare);
  container.rebind(ParticleBackend).toConstantValue(backend);
  const engine = container.get(FlowEngine);
  const values: number[] = [];
  engine.steps$.subscribe((event) => values.push(event.value));
  await engine.run();
  return { theta: Array.from(engine.theta), values, log, engine };
}

describe('the engine prepares the kernels once per evaluated θ (ParticleKernels.prepare)', () => {
  it('runs the drift on the handle its grid evaluation prepared for the forward', async () => {
    const { log, engine } = await run(small, true);
    // 5 steps and the final state: one preparation each, its forward, then its drift.
    expect(log.calls).toEqual(Array.from({ length: 6 }, () => ['prepare', 'prepared forward', 'prepared drift']).flat());
    expect(log.prepared.every(({ theta }) => theta === engine.theta)).toBe(true);
  });

  it('prepares Heun’s predictor on its own buffer, forward and drift on one handle', async () => {
    const { log, engine } = await run({ ...small, flow: { ...small.flow, integrator: 'heun' } }, true);
    // Per step: the particles, then the predictor; then the final state.
    expect(log.calls).toEqual(Array.from({ length: 11 }, () => ['prepare', 'prepared forward', 'prepared drift']).flat());
    const predictors = log.prepared.filter(({ theta }) => theta !== engine.theta);
    expect(predictors).toHaveLength(5);
    expect(new Set(predictors.map(({ theta }) => theta)).size).toBe(1);
  });

  it.each([
    ['euler-maruyama, grid', {}],
    ['heun, grid', { flow: { ...small.flow, integrator: 'heun' } }],
    ['euler-maruyama, monte-carlo', { evaluator: { name: 'monte-carlo', params: { states: 6, actionsPerState: 3 } } }],
  ])('gives the same bits with kernels that have no prepare (%s)', async (_, overrides) => {
    const config = { ...small, ...overrides };
    const prepared = await run(config, true);
    const bound = await run(config, false);
    expect(bound.log.calls).not.toContain('prepare');
    expect(prepared.theta).toEqual(bound.theta);
    expect(prepared.values).toEqual(bound.values);
  });

  it('prepares anew for a drift at points the forward did not see (Monte Carlo)', async () => {
    const { log } = await run({ ...small, evaluator: { name: 'monte-carlo', params: { states: 6, actionsPerState: 3 } } }, true);
    // Every drift follows a preparation at the evaluation's own points.
    for (let k = 0; k < log.calls.length; k++) {
      if (log.calls[k] === 'prepared drift') expect(log.calls[k - 1]).toBe('prepare');
    }
    expect(log.calls.filter((call) => call === 'prepared drift')).toHaveLength(6);
  });
});
