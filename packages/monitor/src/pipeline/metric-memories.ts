import type { MetricMemory } from '../metric-definition';

/** The saved states of a run's metrics, keyed by {@link metricMemoryKey} (JSON, stored in checkpoints). */
export type MetricSnapshots = Readonly<Record<string, unknown>>;

/** Key of the memory of `monitor.metrics[index]`, e.g. `2/w2-successive`. */
export const metricMemoryKey = (index: number, name: string): string => `${index}/${name}`;

/**
 * The memories of the configured metrics of one run: one {@link MetricMemory} per entry of
 * `monitor.metrics`, each restored from `restored` (the snapshots of a checkpoint, on resume), and
 * `snapshots()` collecting the current state of every metric that registered one.
 */
export class MetricMemories {
  private readonly keepers = new Map<string, () => unknown>();

  constructor(private readonly restored: MetricSnapshots = {}) {}

  /** Keys of restored snapshots that no configured metric claims (checked by resolveMonitor). */
  unclaimed(configured: readonly string[]): string[] {
    return Object.keys(this.restored).filter((key) => !configured.includes(key));
  }

  /** The memory of `monitor.metrics[index]`, named `name`. */
  memory(index: number, name: string): MetricMemory {
    const key = metricMemoryKey(index, name);
    return {
      restored: Object.hasOwn(this.restored, key) ? this.restored[key] : undefined,
      keep: (snapshot) => {
        this.keepers.set(key, snapshot);
      },
    };
  }

  /** Every registered metric's current state (call between steps). */
  snapshots(): Record<string, unknown> {
    return Object.fromEntries([...this.keepers].map(([key, snapshot]) => [key, snapshot()]));
  }
}
