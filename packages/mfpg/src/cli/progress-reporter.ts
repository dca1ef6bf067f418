import { Presets, SingleBar } from 'cli-progress';
import type { RunProgress } from '../run-experiment';

/** Shows the run's progress: a live bar with ETA and value on a terminal, a line per 10% otherwise. */
export class ProgressReporter {
  private bar?: SingleBar;
  private nextDecile = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly enabled = true,
  ) {}

  update(progress: RunProgress): void {
    if (!this.enabled) return;
    const done = progress.step;
    const payload = { t: progress.t.toFixed(2), value: progress.value.toFixed(5) };
    if (this.stream.isTTY) {
      if (!this.bar) {
        this.bar = new SingleBar(
          { stream: this.stream, format: 'mfpg |{bar}| {percentage}% | step {value}/{total} | t = {t} | F = {value_f} | ETA {eta_formatted}', etaBuffer: 50, hideCursor: true },
          Presets.shades_classic,
        );
        this.bar.start(progress.totalSteps, done, { ...payload, value_f: payload.value });
      }
      this.bar.update(done, { ...payload, value_f: payload.value });
      return;
    }
    const percent = progress.totalSteps > 0 ? (100 * done) / progress.totalSteps : 100;
    if (percent >= this.nextDecile) {
      this.stream.write(`mfpg: step ${done}/${progress.totalSteps} (${Math.floor(percent)}%), t = ${payload.t}, F = ${payload.value}\n`);
      this.nextDecile = Math.floor(percent / 10) * 10 + 10;
    }
  }

  stop(): void {
    this.bar?.stop();
  }
}
