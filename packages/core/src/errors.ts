/** One problem with a configuration value: where, what was given, what is allowed. */
export interface ConfigIssue {
  /** Dotted path of the field, e.g. `regularization.sigma`. */
  readonly field: string;
  readonly given: unknown;
  readonly allowed: string;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}

/** Bad input, found before any work is done. The CLI exits with code 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(
      issues
        .map((issue) => `${issue.field || '(config)'}: given ${describeValue(issue.given)}; allowed: ${issue.allowed}`)
        .join('\n'),
    );
  }

  static of(field: string, given: unknown, allowed: string): ConfigError {
    return new ConfigError([{ field, given, allowed }]);
  }
}

/**
 * The flow blew up (NaN/Inf or exploding particles) at `step`. The CLI exits with code 3 and keeps
 * what was logged before it.
 */
export class DivergenceError extends Error {
  override readonly name = 'DivergenceError';
  constructor(
    readonly step: number,
    readonly t: number,
    readonly detail: string,
  ) {
    super(
      `the flow diverged at step ${step} (t = ${t}): ${detail}. ` +
        'Hint: reduce flow.dt (Euler–Maruyama is unstable once dt·σ²/(2·s0²) approaches 2 or the drift is stiff), ' +
        'or lower the noise σ.',
    );
  }
}

/** A plugin (environment, integrator, …) misbehaved; names the plugin and what was wrong. */
export class PluginError extends Error {
  override readonly name = 'PluginError';
  constructor(
    readonly plugin: string,
    readonly detail: string,
  ) {
    super(`plugin ${plugin}: ${detail}`);
  }
}
