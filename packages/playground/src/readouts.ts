/**
 * The page's readouts: step, t, F, J, V*(ρ), steps per second, W2, the kernels that run, and the
 * error messages. The `data-testid` attributes are the contract for tests outside the code
 * (`value` is the live F, `step` the step counter: always of the same published state, frames.ts).
 */
import { elementById } from './page-elements';
import type { Report } from './protocol';

const byTestId = (id: string) => document.querySelector(`[data-testid="${id}"]`) as HTMLElement;

const status = {
  step: byTestId('step'),
  time: byTestId('time'),
  value: byTestId('value'),
  objective: byTestId('objective'),
  rate: byTestId('rate'),
  w2: byTestId('w2-value'),
  optimum: byTestId('optimum'),
  backend: byTestId('backend'),
  backendNote: byTestId('backend-note'),
  run: elementById(HTMLElement, 'run-info'),
  error: byTestId('error'),
  envError: byTestId('env-error'),
};

/** Six decimals, or a dash for a value that is not (yet) a number. */
const formatValue = (value: number) => (Number.isFinite(value) ? value.toFixed(6) : '–');

/** An error beside the settings (`config`, `run`), beside the editor (`environment`), or none. */
export function showError(where: 'environment' | 'config' | 'run' | null, message = ''): void {
  status.error.hidden = where === null || where === 'environment';
  status.envError.hidden = where !== 'environment';
  status.error.textContent = where === 'environment' ? '' : message;
  status.envError.textContent = where === 'environment' ? message : '';
}

/** A fresh run: every readout back to its empty state. */
export function clearReadouts(): void {
  for (const key of ['w2', 'objective', 'optimum', 'value', 'rate'] as const) status[key].textContent = '–';
  status.step.textContent = '0';
  status.time.textContent = '0';
  status.backend.textContent = 'starting…';
  status.backendNote.textContent = '';
  status.run.textContent = '';
}

/** What the worker built: the kernels that run (and why not WebGL2, when it was wanted), V*(ρ). */
export function showReady(report: Extract<Report, { type: 'ready' }>): void {
  status.backend.textContent = report.mode;
  status.backendNote.textContent = report.fallback === undefined ? '' : `(WebGL2 not used: ${report.fallback})`;
  status.run.textContent = `backend: ${report.backend} · environment ${report.environment} · ${report.totalSteps} steps`;
  status.optimum.textContent = report.optimum === null ? 'n/a' : formatValue(report.optimum);
}

/** Step, t and F of one published state, set together (a frame carries all three of the same step). */
export function showFrame(frame: Extract<Report, { type: 'frame' }>): void {
  status.step.textContent = String(frame.step);
  status.time.textContent = frame.t.toFixed(3);
  status.value.textContent = formatValue(frame.value);
  status.rate.textContent = frame.rate > 0 ? frame.rate.toFixed(1) : '–';
}

export function showObjective(objective: number): void {
  status.objective.textContent = formatValue(objective);
}

export function showW2(report: Extract<Report, { type: 'w2' }>): void {
  status.w2.textContent = `${formatValue(report.w2)} (${report.method}, t = ${report.t.toFixed(2)})`;
}

/** After an error: a run that never started says so instead of "starting…". */
export function showNotRunning(): void {
  if (status.backend.textContent === 'starting…') status.backend.textContent = 'not running: see the message';
}
