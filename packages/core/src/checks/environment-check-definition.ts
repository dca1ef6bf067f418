import type { ProbeSet } from './probe-set';

export type CheckStatus = 'pass' | 'fail' | 'skip';

/** One check of {@link checkEnvironment}: what was checked and what was found. */
export interface EnvironmentCheck {
  readonly name: string;
  readonly status: CheckStatus;
  readonly detail: string;
}

/**
 * One check of the environment contract, one function over the shared {@link ProbeSet}. `cheap`
 * checks (O(probes) environment calls, a converged quadrature at most, no sampling statistics) also
 * run before every flow, in the engine's guard; the others only in `mfpg check-env`.
 */
export interface EnvironmentCheckDefinition {
  /** Shown in the report, e.g. 'rewards finite'. */
  readonly name: string;
  readonly cheap: boolean;
  /** The status and a one-line detail (the evidence, or what is wrong and where). May throw: that fails the check. */
  run(probes: ProbeSet): readonly [CheckStatus, string];
}

/** Runs one check; an exception thrown by the environment fails it with the message. */
export function runEnvironmentCheck(check: EnvironmentCheckDefinition, probes: ProbeSet): EnvironmentCheck {
  try {
    const [status, detail] = check.run(probes);
    return { name: check.name, status, detail };
  } catch (error) {
    return { name: check.name, status: 'fail', detail: `threw ${(error as Error).message}` };
  }
}
