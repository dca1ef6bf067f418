import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GridPolicyEvaluation, StepEvent } from '@mfpg/core';
import { z } from 'zod';
import { renderRunPlots } from '../plots/render-run-plots';
import { type CloudSnapshots, type PolicyGrid, RunFiles } from '../plots/run-files';
import { writeJsonFile } from '../plots/write-json-file';
import type { SinkDefinition } from './sink-definition';

const PlotsOptionsSchema = z
  .object({
    /** Which files to write per chart. */
    formats: z.array(z.enum(['svg', 'png'], { error: 'svg or png' })).min(1, { error: 'at least one of svg, png' }).default(['svg', 'png']),
    /** Particle clouds kept for the cloud plot, evenly spaced over the run (the final one always). */
    snapshots: z.number({ error: 'an integer ≥ 1' }).int({ error: 'an integer ≥ 1' }).min(1, { error: 'an integer ≥ 1' }).max(20, { error: 'at most 20 snapshots' }).default(4),
    /** Particle coordinates of the cloud projection; negative counts from the end (default (c, b)). */
    projection: z.tuple([z.number().int(), z.number().int()], { error: 'two coordinate indices, e.g. [0, -1]' }).default([0, -1]),
  })
  .strict();

type PlotsOptions = z.infer<typeof PlotsOptionsSchema>;

function isGridEvaluation(evaluation: StepEvent['evaluation']): evaluation is GridPolicyEvaluation {
  return 'logPolicy' in evaluation && 'discretization' in evaluation;
}

function rows(values: Float64Array, width: number): number[][] {
  return Array.from({ length: values.length / width }, (_, i) => Array.from(values.subarray(i * width, (i + 1) * width)));
}

/** The final policy of a grid evaluation, copied out of the evaluator's live buffers. */
function policyGrid(event: StepEvent, evaluation: GridPolicyEvaluation): PolicyGrid {
  const { stateNodes, actionNodes } = evaluation.discretization;
  return {
    step: event.step,
    t: event.t,
    stateDim: stateNodes.dim,
    actionDim: actionNodes.dim,
    states: rows(stateNodes.nodes, stateNodes.dim),
    actions: rows(actionNodes.nodes, actionNodes.dim),
    logPolicy: rows(evaluation.logPolicy, actionNodes.count),
  };
}

/**
 * The clouds an interrupted run's plots sink wrote to clouds.json when it closed, of the steps
 * before `step` (where the resumed run continues); none when the file is missing or unreadable
 * (a run killed without closing its sinks: the cloud plot then starts at the checkpoint).
 */
function earlierClouds(path: string, step: number): CloudSnapshots | null {
  if (!existsSync(path)) return null;
  try {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as CloudSnapshots;
    return { ...saved, snapshots: saved.snapshots.filter((snapshot) => snapshot.step < step) };
  } catch {
    return null;
  }
}

/**
 * `plots`: keeps a few particle clouds and the last grid policy while the flow runs (copies at
 * `snapshots` steps only), writes them to clouds.json and policy.json at the end, then draws every
 * chart of {@link renderRunPlots} from the run folder — what `mfpg plot DIR` redraws. A resumed run
 * takes back the clouds of the steps before its checkpoint from clouds.json.
 */
export const plotsSinkDefinition: SinkDefinition = {
  name: 'plots',
  description: 'SVG/PNG plots at the end: value and objective, log(J_∞ − J), policy heat map, particle clouds, distances',
  options: PlotsOptionsSchema,
  create(context, options) {
    const { formats, snapshots, projection } = options as PlotsOptions;
    const total = context.totalSteps;
    const planned = new Set(Array.from({ length: snapshots }, (_, k) => (snapshots === 1 ? total : Math.round((k * total) / (snapshots - 1)))));
    const earlier = context.resume ? earlierClouds(join(context.directory, RunFiles.clouds), context.resume.step) : null;
    const clouds: CloudSnapshots['snapshots'][number][] = [...(earlier?.snapshots ?? [])];
    let particleCount = earlier?.particleCount ?? 0;
    let dim = earlier?.dim ?? 0;
    let policy: PolicyGrid | null = null;
    return {
      onStep(event) {
        if (!(event.final || planned.has(event.step))) return;
        particleCount = event.particleCount;
        dim = event.dim;
        if (clouds.at(-1)?.step !== event.step) clouds.push({ step: event.step, t: event.t, theta: rows(event.theta, event.dim) });
        if (isGridEvaluation(event.evaluation)) policy = policyGrid(event, event.evaluation);
      },
      async close() {
        // A sink fed rows only (the distances of a replica run) has no clouds to keep.
        if (clouds.length > 0) writeJsonFile(join(context.directory, RunFiles.clouds), { particleCount, dim, snapshots: clouds } satisfies CloudSnapshots);
        if (policy) writeJsonFile(join(context.directory, RunFiles.policy), policy);
        await renderRunPlots(context.directory, { formats, projection });
      },
    };
  },
};
