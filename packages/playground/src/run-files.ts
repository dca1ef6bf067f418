/** The run as `mfpg run` writes it: config.json, metrics.jsonl, particles.json (and the edited environment as a plugin). */
import type { FlowEngine, RunConfig } from '@mfpg/core';
import { environmentPluginFile } from './environment-code';

/**
 * The files of replica 0's run so far. `config`: the whole run's resolved configuration (replicas
 * section included); `rows`: the logged metrics rows as JSON lines; `code`: the edited environment.
 */
export function runFiles(engine: FlowEngine, config: RunConfig, rows: readonly string[], code: string | undefined): Record<string, string> {
  const theta = Array.from({ length: engine.particleCount }, (_, i) => Array.from(engine.theta.subarray(i * engine.dim, (i + 1) * engine.dim)));
  const files: Record<string, string> = {
    'config.json': `${JSON.stringify(config, null, 2)}\n`,
    'metrics.jsonl': rows.map((row) => `${row}\n`).join(''),
    'particles.json': `${JSON.stringify({ step: engine.step, t: engine.time, particleCount: engine.particleCount, dim: engine.dim, theta }, null, 2)}\n`,
  };
  if (code !== undefined) files['custom-environment.js'] = environmentPluginFile(code);
  return files;
}
