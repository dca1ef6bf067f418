import type { RandomState } from '@mfpg/core';
import type { Trajectory } from '../experiments/simulate';

/**
 * A Trajectory as JSON for a job's return value. Every float series travels as the base64 of its
 * little-endian float64 bytes, so NaN, ±Infinity and −0 come back bit for bit and a study gets the
 * same numbers from a worker as from its own process.
 */
export interface TrajectoryTransport {
  readonly t: string;
  readonly value: string;
  readonly kl: string;
  readonly objective: string;
  readonly meanTanh: string;
  readonly theta: string;
  readonly sigma: number;
  readonly snapshot: { readonly step: number; readonly particleCount: number; readonly dim: number; readonly theta: string; readonly random: RandomState; readonly integrator: unknown };
}

const encode = (values: ArrayLike<number>): string => {
  const array = Float64Array.from(values);
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
};

const decode = (text: string): Float64Array => {
  const bytes = Buffer.from(text, 'base64');
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};

export function encodeTrajectory(trajectory: Trajectory): TrajectoryTransport {
  const { snapshot } = trajectory;
  return {
    t: encode(trajectory.t),
    value: encode(trajectory.value),
    kl: encode(trajectory.kl),
    objective: encode(trajectory.objective),
    meanTanh: encode(trajectory.meanTanh),
    theta: encode(trajectory.theta),
    sigma: trajectory.sigma,
    snapshot: { step: snapshot.step, particleCount: snapshot.particleCount, dim: snapshot.dim, theta: encode(snapshot.theta), random: snapshot.random, integrator: snapshot.integrator },
  };
}

export function decodeTrajectory(transport: TrajectoryTransport): Trajectory {
  const { snapshot } = transport;
  return {
    t: Array.from(decode(transport.t)),
    value: Array.from(decode(transport.value)),
    kl: Array.from(decode(transport.kl)),
    objective: Array.from(decode(transport.objective)),
    meanTanh: Array.from(decode(transport.meanTanh)),
    theta: decode(transport.theta),
    sigma: transport.sigma,
    snapshot: { ...snapshot, theta: Array.from(decode(snapshot.theta)) },
  };
}
