import { NeuronUnit, PluginError, SineActivation, type Activation } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend';
import { CpuKernelRegistry } from '../kernel-registry';
import { registerAllKernels } from '../register-all-kernels';
import { driftErrorRatio, forwardErrorRatio, randomNeuronTheta, randomProductPoints, uniformStream } from '../testing/kernel-reference';

/** ϱ = sin under another name, declaring the sine form (or, with `shift`, declaring it wrongly). */
class Wave implements Activation {
  readonly name = 'wave';
  readonly sineForm = true;
  constructor(private readonly shift = 0) {}
  value(z: number): number {
    return Math.sin(z + this.shift);
  }
  derivative(z: number): number {
    return Math.cos(z + this.shift);
  }
  secondDerivative(z: number): number {
    return -Math.sin(z + this.shift);
  }
}

describe('the declared sine form (Activation.sineForm)', () => {
  const registry = registerAllKernels(new CpuKernelRegistry());

  it('selects the sine product-grid kernels by declaration, not by name', () => {
    const wave = new NeuronUnit(new Wave(), 3);
    expect(registry.resolve('forward', 'product-grid', wave)?.name).toBe('NeuronSineProductGridForward');
    expect(registry.resolve('drift', 'product-grid', wave)?.name).toBe('NeuronSineProductGridDrift');
    // The built-in sin declares it; without the declaration the general kernels serve (no grid kernel).
    expect(new SineActivation().sineForm).toBe(true);
    const undeclared = new NeuronUnit(Object.assign(new Wave(), { sineForm: false }), 3);
    expect(registry.resolve('forward', 'product-grid', undeclared)).toBeUndefined();
  });

  it('gives a user activation that declares it the grid kernels, within the round-off bounds of the naive loops', () => {
    const unit = new NeuronUnit(new Wave(), 3);
    const next = uniformStream(23);
    const n = 17;
    const theta = randomNeuronTheta(next, n, 3, { c: 2, w: 3, b: 3 });
    const points = randomProductPoints(next, 6, 1, 5, 2);
    const weights = Float64Array.from({ length: points.count }, () => 2 * next() - 1);
    const kernels = new CpuBackend().compile(unit, n, 5);
    const f = new Float64Array(points.count);
    const g = new Float64Array(n * 5);
    kernels.forward(theta, points, f);
    kernels.drift(theta, points, weights, g);
    expect(forwardErrorRatio(unit, theta, n, points, f)).toBeLessThanOrEqual(1);
    expect(driftErrorRatio(unit, theta, n, points, weights, g)).toBeLessThanOrEqual(1);
  });

  it('rejects a declaration the activation does not satisfy when the kernels are compiled, naming it', () => {
    const unit = new NeuronUnit(new Wave(0.5), 3);
    const compile = () => new CpuBackend().compile(unit, 4, 5);
    expect(compile).toThrow(PluginError);
    expect(compile).toThrow(/activation 'wave'.*declares the sine form/);
  });
});
