import { Presets, SingleBar } from 'cli-progress';
import type { ReplicaProgress } from '../replicas/run-replica-experiment';
import type { RunProgress } from '../run-experiment';

/** Formats a metric for the bar: 5 significant digits, exponent form for very large or small values. */
function formatMetric(x: number): string {
  const magnitude = Math.abs(x);
  return magnitude !== 0 && (magnitude >= 1e5 || magnitude < 1e-3) ? x.toExponential(3) : x.toPrecision(5);
}

/** `objective = 0.12345 | kl = 1.2000`: the live metrics of the latest logged row (`monitor.sinks.progress.metrics`). */
export function formatLiveMetrics(metrics: Readonly<Record<string, number>>): string {
  return Object.entries(metrics)
    .map(([key, x]) => `${key} = ${formatMetric(x)}`)
    .join(' | ');
}

/**
 * Shows the run's progress: a live bar with ETA, t, the value F and the chosen live metrics of the
 * latest logged row on a terminal; a line per 10% otherwise. For replicas it says how many run in
 * lockstep and shows their mean F.
 */
export class ProgressReporter {
  private bar?: SingleBar;
  private nextDecile = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly enabled = true,
  ) {}

  update(progress: RunProgress | ReplicaProgress): void {
    if (!this.enabled) return;
    const done = progress.step;
    const live = formatLiveMetrics(progress.metrics);
    const replicas = 'replicas' in progress ? ` × ${progress.replicas} replicas` : '';
    const value = 'replicas' in progress ? 'mean F' : 'F';
    const payload = { t: progress.t.toFixed(2), value: progress.value.toFixed(5), live: live ? ` | ${live}` : '', replicas, label: value };
    if (this.stream.isTTY) {
      if (!this.bar) {
        this.bar = new SingleBar(
          { stream: this.stream, format: 'mfpg |{bar}| {percentage}% | step {value}/{total}{replicas} | t = {t} | {label} = {value_f}{live} | ETA {eta_formatted}', etaBuffer: 50, hideCursor: true },
          Presets.shades_classic,
        );
        this.bar.start(progress.totalSteps, done, { ...payload, value_f: payload.value });
      }
      this.bar.update(done, { ...payload, value_f: payload.value });
      return;
    }
    const percent = progress.totalSteps > 0 ? (100 * done) / progress.totalSteps : 100;
    if (percent >= this.nextDecile) {
      this.stream.write(`mfpg: step ${done}/${progress.totalSteps}${replicas} (${Math.floor(percent)}%), t = ${payload.t}, ${value} = ${payload.value}${payload.live}\n`);
      this.nextDecile = Math.floor(percent / 10) * 10 + 10;
    }
  }

  stop(): void {
    this.bar?.stop();
  }
}
