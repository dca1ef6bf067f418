/** A dotted config key, as `--set` and per-replica overrides take it: `regularization.sigma`. */
export const OVERRIDE_KEY = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/;
