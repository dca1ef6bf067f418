import type { CpuDriftKernelConfig, CpuForwardKernelConfig, CpuKernelFamily, CpuPointLayout, CpuPrecision } from '../kernel-registry';
import type { Unit } from '@mfpg/core';

/** What a family's forward and drift configs register under. */
export interface FamilyRegistration {
  readonly family: CpuKernelFamily;
  readonly unitKind: string;
  readonly layout: CpuPointLayout;
  readonly precision?: CpuPrecision;
  supports?(unit: Unit): boolean;
}

/**
 * The forward and drift configs of a family: registered like any kernel, each running the family's
 * prepared kernels (prepare, then forward or drift), so the family is the one implementation.
 */
export function familyConfigs(registration: FamilyRegistration): { forward: CpuForwardKernelConfig; drift: CpuDriftKernelConfig } {
  const { family } = registration;
  return {
    forward: {
      ...registration,
      name: `${family.name}Forward`,
      op: 'forward',
      compile(setup) {
        const prepare = family.compile(setup);
        return (theta, points, out) => prepare(theta, points).forward(out);
      },
    },
    drift: {
      ...registration,
      name: `${family.name}Drift`,
      op: 'drift',
      compile(setup) {
        const prepare = family.compile(setup);
        return (theta, points, weights, out) => prepare(theta, points).drift(weights, out);
      },
    },
  };
}
