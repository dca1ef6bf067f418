import { ConfigError, contributions as gatheredContributions, type DiscreteMdp, Environment, gridMdpOf, MonitorContribution, ParameterPrior, ParticleBackend, Unit } from '@mfpg/core';
import { MonitorSession, type MonitorRow, monitorContributions, resolveMonitor, type ResolvedMonitor, type SinkContext } from '@mfpg/monitor';
import type { Subscription } from 'rxjs';
import type { Flow } from '../create-flow';

/** One flow of a run (a single run, or one replica) and where its files go. */
export interface FlowPart {
  readonly flow: Flow;
  /** Its folder: the run folder of a single run, `replica-<k>/` of a replica run. */
  readonly directory: string;
  readonly monitor: ResolvedMonitor;
  /** What its sinks get beyond the folder: the live display (a single run's), where a resumed run's files stop. */
  readonly context?: Pick<SinkContext, 'onProgress' | 'resume'>;
  /** Called with each row it logs. */
  readonly onRow?: (row: MonitorRow) => void;
}

/**
 * The `monitor` section of a flow's config, resolved against its container's metrics and sinks
 * (checked before any file is written); `memory`: the metrics' state saved in a checkpoint.
 * `field` names where its options came from when that is not `monitor` (a replica's overrides);
 * a saved state the metrics cannot take back is a damaged checkpoint, named by `checkpoint`.
 */
export function resolveFlowMonitor(flow: Flow, restored?: { readonly memory: Readonly<Record<string, unknown>>; readonly checkpoint: string }, field?: string): ResolvedMonitor {
  const { config, container } = flow;
  const contributions = monitorContributions(container);
  try {
    return resolveMonitor(config, contributions.metrics, contributions.sinks, { config, prior: container.get(ParameterPrior), environment: container.get(Environment), unit: container.get(Unit), backend: container.get(ParticleBackend) }, restored?.memory);
  } catch (error) {
    if (error instanceof ConfigError) throw field === undefined ? error : new ConfigError(error.issues.map((issue) => ({ ...issue, field: `${field} (${issue.field})` })));
    if (!restored) throw error;
    throw ConfigError.of(`${restored.checkpoint}: metricMemory`, restored.memory, `the saved state of the metrics of this run (${(error as Error).message})`);
  }
}

/**
 * Everything that watches one flow while it runs: its {@link MonitorSession} (metrics, sinks, stop
 * conditions) in its folder, the container's code-level `MonitorContribution`s, and the grid MDP
 * its evaluator built (for the optimum in summary.json, docs/control.md).
 */
export class FlowMonitor {
  readonly session: MonitorSession;
  /** The grid MDP of the first step event, if the evaluator is a grid one. */
  mdp: DiscreteMdp | undefined;
  private readonly subscriptions: Subscription[];

  constructor(
    readonly part: FlowPart,
    requestStop: () => void,
    queueCapacity: number | undefined,
  ) {
    const { flow, directory, monitor, context, onRow } = part;
    const { engine, container, config } = flow;
    this.session = new MonitorSession(monitor, { config, directory, totalSteps: engine.totalSteps, ...context }, { requestStop, onRow, queueCapacity });
    this.session.attach(engine.steps$);
    const contributed = gatheredContributions<MonitorContribution>(container, MonitorContribution);
    this.subscriptions = contributed.map((contribution) => contribution.attach(engine.steps$));
    // The engine's own error (a divergence) is reported by whoever runs it.
    this.subscriptions.push(engine.steps$.subscribe({ next: (event) => void (this.mdp ??= gridMdpOf(event)), error: () => undefined }));
  }

  /** Stops the contributions and the MDP capture (the session detaches when it finishes). */
  detach(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }
}
