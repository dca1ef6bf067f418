import { join } from 'node:path';
import type { FlowEngine } from '@mfpg/core';
import { writeJson } from './write-json';

/** Writes the engine's current particles to `directory`/particles.json: N rows of d numbers, with step and t. */
export function writeParticles(directory: string, engine: FlowEngine): void {
  const rows = Array.from({ length: engine.particleCount }, (_, i) => Array.from(engine.theta.subarray(i * engine.dim, (i + 1) * engine.dim)));
  writeJson(join(directory, 'particles.json'), { step: engine.step, t: engine.time, particleCount: engine.particleCount, dim: engine.dim, theta: rows });
}
