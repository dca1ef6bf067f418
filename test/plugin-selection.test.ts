import { describe, expect, it } from 'vitest';
import { driftingBanditModule } from '../examples/custom-env/drifting-bandit';
import {
  ActionIndependentTorus,
  ConfigError,
  ControlledTorus,
  CpuBackend,
  createContainer,
  createFlow,
  defaultModules,
  Environment,
  EulerMaruyamaIntegrator,
  Evaluator,
  FlowEngine,
  GridEvaluator,
  Integrator,
  type IntegratorStep,
  ParticleBackend,
  resolveConfig,
  torusBanditOptimalValue,
  Unit,
} from 'mfpg';

const small = { particles: { count: 20 }, env: { grid: { states: 8, actions: 8 } }, flow: { horizon: 0.25 } };

describe('plugins are chosen by name', () => {
  it('resolves the configured implementation at every plugin point', () => {
    const { container, engine } = createFlow(small);
    expect(container.get(Environment)).toBeInstanceOf(ControlledTorus);
    expect(container.get(Integrator)).toBeInstanceOf(EulerMaruyamaIntegrator);
    expect(container.get(Evaluator)).toBeInstanceOf(GridEvaluator);
    expect(container.get(ParticleBackend)).toBeInstanceOf(CpuBackend);
    expect(container.get<Unit>(Unit).kind).toBe('neuron');
    // Singletons: the engine holds the same instances the container hands out.
    expect(engine.env).toBe(container.get<Environment>(Environment));
    expect(createFlow({ ...small, env: { name: 'action-independent-torus' } }).engine.env).toBeInstanceOf(ActionIndependentTorus);
  });

  it('fails on an unknown name, listing what exists', () => {
    const attempt = () => createFlow({ ...small, flow: { integrator: 'leapfrog' } });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigError).issues).toEqual([{ field: 'flow.integrator', given: 'leapfrog', allowed: expect.stringContaining('euler-maruyama') }]);
    }
  });

  it('lets code rebind a plugin token before the engine is built', async () => {
    const container = createContainer(resolveConfig(small), defaultModules);
    const seen: number[] = [];
    const frozen = { name: 'frozen', step: (step: IntegratorStep) => void seen.push(step.dt) };
    container.rebind(Integrator).toConstantValue(frozen);
    const engine = container.get(FlowEngine);
    const before = Float64Array.from(engine.theta);
    await engine.run();
    expect(seen).toEqual([0.05, 0.05, 0.05, 0.05, 0.05]);
    expect(Array.from(engine.theta)).toEqual(Array.from(before));
  });

  it('runs a user environment registered by a module (examples/custom-env)', async () => {
    const tau = 0.1;
    const { engine } = createFlow(
      { ...small, env: { name: 'drifting-bandit', grid: { states: 1, actions: 64 } }, regularization: { tau }, particles: { count: 100 }, flow: { horizon: 20, dt: 0.1 } },
      { modules: [driftingBanditModule] },
    );
    const values: number[] = [];
    engine.steps$.subscribe((event) => values.push(event.value));
    await engine.run();
    // The optimum over all policies (B1 closed form with α = 1): the flow approaches it from below.
    const optimum = torusBanditOptimalValue({ alpha: 1, a0: 0.25, gamma: 0.5 }, tau);
    expect(values.at(-1)!).toBeGreaterThan(values[0]);
    expect(values.at(-1)!).toBeLessThan(optimum);
  });
});

describe('mfpg list', () => {
  it('lists every plugin point, the metrics and the sinks', async () => {
    const { runCli } = await import('./helpers');
    const { code, stdout } = await runCli(['list']);
    expect(code).toBe(0);
    for (const heading of ['environment (env.name)', 'integrator (flow.integrator)', 'backend (backend.name)', 'metric (monitor.metrics[].name)', 'sink (monitor.sinks.<name>)']) {
      expect(stdout).toContain(heading);
    }
    for (const name of ['controlled-torus', 'euler-maruyama', 'heun', 'monte-carlo', 'w2-successive', 'stein', 'plots', 'jsonl']) expect(stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });
});
