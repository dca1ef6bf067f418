import { isNeuronUnit, type Unit } from '@mfpg/core';

/** The unit as a NeuronUnit, for kernels registered under kind `neuron` (a wrong kind is a registry bug). */
export function requireNeuronUnit(unit: Unit, kernelName: string) {
  if (!isNeuronUnit(unit)) throw new TypeError(`${kernelName}: expected a unit of kind 'neuron', got '${unit.kind}'`);
  return unit;
}
