/** The messages between the page (main thread) and the flow's Web Worker (flow-worker.ts). */
import type { BackendChoice } from './playground-config';

/** Page → worker. */
export type Command =
  /** Build a fresh flow (step 0) from a partial config; `code`: the edited environment's source. */
  | {
      readonly type: 'configure';
      readonly input: Record<string, unknown>;
      readonly code?: string;
      /** Which backend to run (playground-config.ts, BACKEND_CHOICES): kept by later `update`s. */
      readonly backend: BackendChoice;
    }
  /**
   * The same flow with new settings (σ, τ, dt, integrator): a new engine from the new config that
   * continues from the current particles, random state and step.
   */
  | { readonly type: 'update'; readonly input: Record<string, unknown> }
  | { readonly type: 'start' }
  | { readonly type: 'pause' }
  /** W2 between the two replicas now (needs `replicas`). */
  | { readonly type: 'w2' }
  /** The run as `mfpg run` writes it. */
  | { readonly type: 'files' };

/** What the page draws the heat map with: the grid evaluator's policy density on S×K nodes. */
export interface PolicyGrid {
  readonly states: number;
  readonly actions: number;
  /** S×K row-major: dπ/dμ(a_k | s_i) = e^{ℓ(s_i, a_k)}. */
  readonly density: Float32Array;
}

/** Worker → page. */
export type Report =
  | {
      readonly type: 'ready';
      /** True after `update`: the same run continues (the plots keep their history). */
      readonly continued: boolean;
      /** The fully resolved configuration (what config.json holds). */
      readonly config: Record<string, unknown>;
      readonly environment: string;
      readonly dim: number;
      readonly totalSteps: number;
      readonly backend: string;
      /** The kernels that run: `webgl` (gpu.js on WebGL2, float32) or `cpu` (WebAssembly, float64). */
      readonly mode: 'webgl' | 'cpu';
      /** Why WebGL2 does not run although it was asked for (`webgl`) or tried (`auto`); absent when it runs or `cpu` was chosen. */
      readonly fallback?: string;
      /** V*(ρ), the regularised optimum on the evaluation grid (null without grid evaluation). */
      readonly optimum: number | null;
    }
  | {
      readonly type: 'frame';
      readonly step: number;
      readonly t: number;
      /** F(ν_t) of replica 0, of the same step as `step`, `t` and `theta` (frames.ts). */
      readonly value: number;
      readonly running: boolean;
      readonly done: boolean;
      /** Steps per second over the last second of running. */
      readonly rate: number;
      /** Replica 0's particles, N×d row-major (a copy). */
      readonly theta: Float64Array;
      readonly dim: number;
      readonly policy?: PolicyGrid;
    }
  /** A logged row of the metrics.jsonl contract (value, objective, kl, entropy, gradNorm). */
  | { readonly type: 'row'; readonly row: Record<string, unknown> }
  | { readonly type: 'w2'; readonly step: number; readonly t: number; readonly w2: number; readonly method: string }
  | { readonly type: 'files'; readonly files: Readonly<Record<string, string>> }
  /**
   * Something went wrong. `where`: `environment` (the edited code: shown beside the editor),
   * `config` (a setting), `run` (e.g. a divergence).
   */
  | { readonly type: 'error'; readonly where: 'environment' | 'config' | 'run'; readonly message: string };
