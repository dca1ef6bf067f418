import { checkResourceLimits, ConfigError, createContainer, type ResourceLimits, resolveConfig, type RunConfig } from '@mfpg/core';
import type { ContainerModule } from 'inversify';
import { defaultModules } from '../default-modules';
import type { GridAxis } from './grid-axis';

/** One configuration of a sweep: its folder name and the value of every grid key. */
export interface SweepPoint {
  /** Folder name under runs/, e.g. `003-sigma=0.5-seed=1` (stable: the same grid gives the same ids). */
  readonly id: string;
  readonly values: readonly unknown[];
  /** `key=value` overrides for `mfpg run --set` (values as JSON). */
  readonly overrides: readonly string[];
}

const slug = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value)).replace(/[^A-Za-z0-9.+-]+/g, '_');

/** The cartesian product of the axes, the last axis varying fastest. */
export function sweepPoints(axes: readonly GridAxis[], fixed: readonly string[] = []): SweepPoint[] {
  const total = axes.reduce((count, axis) => count * axis.values.length, 1);
  const width = String(Math.max(total - 1, 0)).length;
  return Array.from({ length: total }, (_, index) => {
    let rest = index;
    const values = new Array<unknown>(axes.length);
    for (let a = axes.length - 1; a >= 0; a--) {
      values[a] = axes[a].values[rest % axes[a].values.length];
      rest = Math.floor(rest / axes[a].values.length);
    }
    const name = axes.map((axis, a) => `${axis.key.split('.').at(-1)}=${slug(values[a])}`).join('-');
    return {
      id: `${String(index).padStart(width, '0')}-${name}`,
      values,
      overrides: [...fixed, ...axes.map((axis, a) => `${axis.key}=${JSON.stringify(values[a])}`)],
    };
  });
}

/**
 * Checks the whole sweep before any run starts: each axis alone (so an unknown key or a value out of
 * range is reported naming its --grid entry), then every configuration with its plugins and within
 * the resource limits. Returns the resolved config of each point.
 */
export function validateSweep(
  input: unknown,
  axes: readonly GridAxis[],
  points: readonly SweepPoint[],
  fixed: readonly string[],
  modules: readonly ContainerModule[],
  limits?: ResourceLimits,
): RunConfig[] {
  const all = [...defaultModules, ...modules];
  const resolve = (overrides: readonly string[]) => {
    const config = resolveConfig(input, overrides);
    checkResourceLimits(config, limits);
    createContainer(config, all);
    return config;
  };
  // The base config first, so that what the axes add is all that can fail below.
  resolve(fixed);
  for (const axis of axes) {
    for (const value of axis.values) {
      try {
        resolve([...fixed, `${axis.key}=${JSON.stringify(value)}`]);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        throw new ConfigError(error.issues.map((issue) => ({ field: `--grid ${axis.text} (${issue.field})`, given: value, allowed: issue.allowed })));
      }
    }
  }
  return points.map((point) => {
    try {
      return resolve(point.overrides);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      throw new ConfigError(error.issues.map((issue) => ({ ...issue, field: `--grid configuration ${point.id}: ${issue.field}` })));
    }
  });
}
