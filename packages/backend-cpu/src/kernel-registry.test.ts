import { NeuronUnit, SigmoidActivation, SoftplusActivation, TanhActivation, type Unit } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { ANY_UNIT_KIND, CpuKernelRegistry, type CpuForwardKernelConfig, type CpuPointLayout } from './kernel-registry';
import { registerAllKernels } from './register-all-kernels';

/** A forward kernel config that does nothing, for testing lookup alone. */
function forwardConfig(
  name: string,
  unitKind: string,
  layout: CpuPointLayout = 'general',
  supports?: (unit: Unit) => boolean,
): CpuForwardKernelConfig {
  return { name, unitKind, op: 'forward', layout, supports, compile: () => () => undefined };
}

/** A unit of the given kind; lookup reads only `kind`. */
function unitOfKind(kind: string): Unit {
  return { kind, parameterDim: (p) => p, value: () => 0, addGradient: () => undefined };
}

const tanhNeuron = new NeuronUnit(new TanhActivation(), 3);
const softplusNeuron = new NeuronUnit(new SoftplusActivation(), 3);

describe('CpuKernelRegistry', () => {
  it('rejects a second kernel with the same name', () => {
    const registry = new CpuKernelRegistry().register(forwardConfig('A', ANY_UNIT_KIND));
    expect(() => registry.register(forwardConfig('A', 'neuron'))).toThrow(/already registered/);
  });

  it('prefers a kernel for the unit kind over a generic one, whatever the order', () => {
    const registry = new CpuKernelRegistry()
      .register(forwardConfig('Neuron', 'neuron'))
      .register(forwardConfig('Generic', ANY_UNIT_KIND));
    expect(registry.resolve('forward', 'general', tanhNeuron)?.name).toBe('Neuron');
    expect(registry.resolve('forward', 'general', unitOfKind('other'))?.name).toBe('Generic');
    expect(registry.resolve('drift', 'general', tanhNeuron)).toBeUndefined();
  });

  it('lets a later registration override an earlier one', () => {
    const registry = new CpuKernelRegistry()
      .register(forwardConfig('First', 'neuron'))
      .register(forwardConfig('Second', 'neuron'));
    expect(registry.resolve('forward', 'general', tanhNeuron)?.name).toBe('Second');
  });

  it('skips kernels whose supports() declines the unit, and keeps layouts apart', () => {
    const registry = new CpuKernelRegistry()
      .register(forwardConfig('Grid', 'neuron', 'product-grid', (unit) => unit === tanhNeuron))
      .register(forwardConfig('General', 'neuron'));
    expect(registry.resolve('forward', 'product-grid', tanhNeuron)?.name).toBe('Grid');
    expect(registry.resolve('forward', 'product-grid', softplusNeuron)).toBeUndefined();
    expect(registry.resolve('forward', 'general', tanhNeuron)?.name).toBe('General');
  });

  it('resolves the built-in kernels by activation', () => {
    const registry = registerAllKernels(new CpuKernelRegistry());
    expect(registry.resolve('forward', 'general', tanhNeuron)?.name).toBe('NeuronLogisticForward');
    expect(registry.resolve('forward', 'general', softplusNeuron)?.name).toBe('NeuronForward');
    expect(registry.resolve('drift', 'product-grid', tanhNeuron)?.name).toBe('NeuronLogisticProductGridDrift');
    expect(registry.resolve('forward', 'product-grid', softplusNeuron)).toBeUndefined();
    expect(registry.resolve('drift', 'general', unitOfKind('linear'))?.name).toBe('GenericDrift');
  });

  it('prefers a kernel registered for the asked precision, else the float64 one', () => {
    const registry = registerAllKernels(new CpuKernelRegistry());
    const sigmoidNeuron = new NeuronUnit(new SigmoidActivation(), 3);
    expect(registry.resolve('drift', 'general', tanhNeuron, 'float32')?.name).toBe('NeuronFloat32Drift');
    expect(registry.resolve('drift', 'general', tanhNeuron)?.name).toBe('NeuronLogisticDrift');
    // float32 serves tanh's declared form on general points, every declared logistic form on
    // product grids; other units stay float64.
    expect(registry.resolve('drift', 'general', sigmoidNeuron, 'float32')?.name).toBe('NeuronLogisticDrift');
    expect(registry.resolve('forward', 'general', softplusNeuron, 'float32')?.name).toBe('NeuronForward');
    expect(registry.resolve('forward', 'product-grid', tanhNeuron, 'float32')?.name).toBe('NeuronLogisticProductGridFloat32Forward');
    expect(registry.resolve('drift', 'product-grid', sigmoidNeuron, 'float32')?.name).toBe('NeuronLogisticProductGridFloat32Drift');
    expect(registry.resolve('forward', 'product-grid', tanhNeuron)?.name).toBe('NeuronLogisticProductGridForward');
    expect(registry.resolve('forward', 'product-grid', softplusNeuron, 'float32')).toBeUndefined();
  });
});
