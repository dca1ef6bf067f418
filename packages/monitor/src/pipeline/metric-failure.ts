import { PluginError } from '@mfpg/core';

/** A metric threw while the flow ran: names the metric and the step it failed on. */
export class MetricFailure extends PluginError {
  constructor(
    readonly metric: string,
    readonly step: number,
    readonly t: number,
    override readonly cause: unknown,
  ) {
    super(`metric ${metric}`, `failed at step ${step} (t = ${t}): ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}
