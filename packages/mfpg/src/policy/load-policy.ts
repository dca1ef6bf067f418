import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, createContainer, Environment, ParticleBackend, resolveConfig, type RunConfig, scheduledValue, Unit } from '@mfpg/core';
import type { ContainerModule } from 'inversify';
import { defaultModules } from '../default-modules';
import { DEFAULT_POLICY_ACTION_NODES, TrainedPolicy } from './trained-policy';

/** Run statuses whose particles.json holds a usable final policy. */
const FINISHED_STATUSES = ['completed', 'stopped', 'interrupted'];

export interface LoadPolicyOptions {
  /** Plugins the run used (its environment, unit, …), loaded after the built-in modules. */
  readonly modules?: readonly ContainerModule[];
  /** Action nodes per action dimension that resolve the continuous policy; default 64. */
  readonly actionNodes?: number;
}

/** A run's trained policy with what was read from its folder. */
export interface LoadedPolicy {
  readonly policy: TrainedPolicy;
  readonly config: RunConfig;
  readonly directory: string;
  /** The run's summary.json. */
  readonly summary: { readonly status: string; readonly final?: Record<string, number> | null } & Record<string, unknown>;
}

/**
 * Loads the policy of a finished run from its output folder (config.json, summary.json with status
 * completed, stopped or interrupted, particles.json): the environment and unit are rebuilt from
 * the resolved config, the network is evaluated by the run's backend. Throws ConfigError (field
 * `RUN`) for a folder that is not a finished single run.
 */
export function loadPolicy(runDir: string, options: LoadPolicyOptions = {}): LoadedPolicy {
  const directory = resolve(runDir);
  const summary = readRunJson(directory, 'summary.json') as LoadedPolicy['summary'];
  if (!FINISHED_STATUSES.includes(String(summary?.status))) {
    throw ConfigError.of('RUN', runDir, `a finished run (summary.json status ${FINISHED_STATUSES.join(', ')}); this run's status is ${JSON.stringify(summary?.status)}`);
  }
  const config = resolveConfig(readRunJson(directory, 'config.json'));
  const particles = readRunJson(directory, 'particles.json') as { theta?: unknown; particleCount?: unknown; dim?: unknown };
  const actionNodes = options.actionNodes ?? DEFAULT_POLICY_ACTION_NODES;
  if (!(Number.isInteger(actionNodes) && actionNodes >= 2)) throw ConfigError.of('--action-nodes', actionNodes, 'an integer ≥ 2');

  const container = createContainer(config, [...defaultModules, ...(options.modules ?? [])]);
  const env = container.get<Environment>(Environment);
  const unit = container.get<Unit>(Unit);
  const dim = unit.parameterDim(env.featureDim);
  const rows = particles.theta;
  if (!Array.isArray(rows) || rows.length === 0 || !rows.every((row) => Array.isArray(row) && row.length === dim && row.every((x) => typeof x === 'number' && Number.isFinite(x)))) {
    throw ConfigError.of('RUN', runDir, `a run whose particles.json holds N ≥ 1 rows of ${dim} finite numbers (the unit's parameter dimension)`);
  }
  const theta = Float64Array.from((rows as number[][]).flat());
  const kernels = container.get<ParticleBackend>(ParticleBackend).compile(unit, rows.length, dim);
  // π ∝ e^{f/τ} with the τ the final particles were evaluated with: τ(t) at the run's end under schedules.tau.
  const finalT = typeof summary.final?.t === 'number' ? summary.final.t : 0;
  const tau = scheduledValue(config.schedules?.tau, config.regularization.tau, finalT);
  return { policy: new TrainedPolicy(env, kernels, theta, tau, actionNodes), config, directory, summary };
}

function readRunJson(directory: string, file: string): unknown {
  const path = join(directory, file);
  if (!existsSync(path)) throw ConfigError.of('RUN', directory, `the output folder of a finished run (it has no ${file})`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw ConfigError.of('RUN', directory, `a run folder whose ${file} is valid JSON (${(error as Error).message})`);
  }
}
