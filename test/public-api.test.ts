import * as core from '@mfpg/core';
import * as internal from '@mfpg/core/internal';
import * as cpu from '@mfpg/backend-cpu';
import * as mfpg from 'mfpg';
import { describe, expect, it } from 'vitest';

/**
 * The public API is deliberate: what users build on (plugin points, built-ins, typed helpers, the
 * framework) is exported from `mfpg`; the packages' machinery (WebAssembly runtime, worker pools and
 * barriers, runtime guards, kernels, solvers) is not, or only from `@mfpg/core/internal`.
 */
describe('the public API', () => {
  const internals = [
    'WASM_MAX_PAGES',
    'compileWasmModule',
    'createSharedMemory',
    'awaitWorkersReady',
    'guardDriftShape',
    'guardEnvironment',
    'guardIntegratorStep',
    'RATIONAL_TANH_SOURCE',
    'DenseLuSolver',
    'RestartedGmres',
    'WorkerPool',
    'CpuKernelRegistry',
    'LocalShareRunner',
    'prepareKernels',
    'sortInPlace',
    'assembleRows',
    'MetricMemories',
    'snapshotOf',
    'configHash',
  ];

  it('mfpg exports no internals', () => {
    expect(internals.filter((name) => name in mfpg)).toEqual([]);
    expect(internals.filter((name) => name in core)).toEqual([]);
  });

  it('mfpg exports what users build on', () => {
    const used = ['createFlow', 'runExperiment', 'runReplicaExperiment', 'runSweep', 'experiments', 'bindPlugin', 'contributions', 'defineEnvironment', 'defineMetric', 'defineSink', 'z'];
    const points = ['Environment', 'Activation', 'Unit', 'ParameterPrior', 'InitialLaw', 'Evaluator', 'Integrator', 'ParticleBackend', 'MetricDefinition', 'SinkDefinition', 'MonitorContribution'];
    const builtIns = ['UniformTorusMeasure', 'UniformBoxMeasure', 'GaussianMeasure', 'CountingMeasure', 'ControlledTorus', 'CpuBackend', 'GridEvaluator', 'EulerMaruyamaIntegrator', 'ConfigError', 'PluginError'];
    expect([...used, ...points, ...builtIns].filter((name) => !(name in mfpg))).toEqual([]);
    expect(Object.keys(cpu).sort()).toEqual(['CpuBackend', 'CpuBackendParams', 'cpuBackendModule']);
  });

  it('@mfpg/core/internal holds what the packages share', () => {
    expect(['WASM_MAX_PAGES', 'compileWasmModule', 'instantiateWasm', 'createSharedMemory', 'ensureMemory', 'awaitWorkersReady', 'awaitPending', 'rationalTanhFloat32'].filter((name) => !(name in internal))).toEqual([]);
  });
});
