/**
 * One logged row of a run: the step and time, then named numbers. The contract keys of
 * metrics.jsonl (`value`, `objective`, `kl`, `entropy`, `gradNorm`) sit at top level; extra metrics
 * add namespaced keys (`distance/w2-successive`, `stein/ksd`, …), Stable-Baselines3 style.
 */
export interface MonitorRow {
  readonly step: number;
  /** t = step·dt. */
  readonly t: number;
  readonly [key: string]: number;
}
