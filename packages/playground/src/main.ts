/**
 * The page: settings (kept in the URL), start/pause/reset, live plots, downloads. The flow itself
 * runs in a Web Worker (flow-worker.ts), so the page stays responsive while it steps.
 */
import environmentType from '../../core/src/plugin-points/environment.ts?raw';
import type { CodeEditor } from './code-editor';
import { DEFAULT_ENVIRONMENT_CODE } from './environment-code';
import { elementById, elementsById } from './page-elements';
import { drawCloud, drawHeatMap, drawLines, drawNote, type Series } from './plots';
import {
  BACKEND_CHOICES,
  configFromState,
  INTEGRATORS,
  LIMITS,
  PRESETS,
  type PlaygroundState,
  queryFromState,
  stateFromQuery,
} from './playground-config';
import type { Command, PolicyGrid, Report } from './protocol';
import { clearReadouts, showError, showFrame, showNotRunning, showObjective, showReady, showW2 } from './readouts';
import './style.css';

const element = (id: string) => elementById(HTMLElement, id);
const inputs = {
  ...elementsById(HTMLInputElement, 'n', 'tau', 'sigma', 'dt', 'horizon', 'seed', 'replicas'),
  ...elementsById(HTMLSelectElement, 'preset', 'integrator'),
  backend: elementById(HTMLSelectElement, 'backend-choice'),
  x: elementById(HTMLSelectElement, 'x-coordinate'),
  y: elementById(HTMLSelectElement, 'y-coordinate'),
};
/** The editor, loaded with CodeMirror the first time "Your environment" is chosen (the default page stays small). */
let editor: Promise<CodeEditor> | undefined;
const loadEditor = () => (editor ??= import('./code-editor').then(({ createCodeEditor }) => createCodeEditor(element('code'), () => void apply())));
const canvases = elementsById(HTMLCanvasElement, 'cloud', 'policy', 'values', 'w2');

let state: PlaygroundState = stateFromQuery(location.search);
const autostart = new URLSearchParams(location.search).get('autostart') === '1';

/** What the plots show; cleared by a reset, kept when a slider changes the running flow. */
const traces = { value: [] as [number, number][], objective: [] as [number, number][], w2: [] as [number, number][] };
let lastFrame: Extract<Report, { type: 'frame' }> | undefined;
let lastPolicy: PolicyGrid | undefined;
let dim = 0;
/** V*(ρ) of the current settings (null: not available for this evaluator). */
let optimum: number | null = null;
let awaitingStart = false;
const cloudBounds = [0];

const worker = new Worker(new URL('./flow-worker.ts', import.meta.url), { type: 'module' });
const send = (command: Command) => worker.postMessage(command);

function fillSelect(select: HTMLSelectElement, options: readonly (readonly [string, string])[]): void {
  select.replaceChildren(...options.map(([value, label]) => new Option(label, value)));
}

function setRange(input: HTMLInputElement, limits: { min: number; max: number; step: number }): void {
  input.min = String(limits.min);
  input.max = String(limits.max);
  input.step = String(limits.step);
}

/** The controls show `state`. */
function render(): void {
  inputs.preset.value = state.preset;
  inputs.n.value = String(state.n);
  inputs.tau.value = String(state.tau);
  inputs.sigma.value = String(state.sigma);
  inputs.dt.value = String(state.dt);
  inputs.integrator.value = state.integrator;
  inputs.backend.value = state.backend;
  inputs.horizon.value = String(state.horizon);
  inputs.seed.value = String(state.seed);
  inputs.replicas.checked = state.replicas;
  element('tau-text').textContent = String(state.tau);
  element('sigma-text').textContent = String(state.sigma);
  element('dt-text').textContent = String(state.dt);
  element('editor').hidden = state.preset !== 'custom';
  if (state.preset === 'custom') {
    void loadEditor().then((loaded) => {
      if (loaded.text() === '') loaded.setText(state.code ?? DEFAULT_ENVIRONMENT_CODE);
    });
  }
}

function saveUrl(): void {
  const query = queryFromState(state);
  history.replaceState(null, '', query ? `?${query}` : location.pathname);
}

/** A fresh flow (step 0) from the settings. */
function configure(): void {
  traces.value = [];
  traces.objective = [];
  traces.w2 = [];
  clearReadouts();
  optimum = null;
  lastFrame = undefined;
  lastPolicy = undefined;
  draw();
  showError(null);
  const code = state.preset === 'custom' ? (state.code ?? DEFAULT_ENVIRONMENT_CODE) : undefined;
  send({ type: 'configure', input: configFromState(state), code, backend: state.backend });
}

let updateTimer: ReturnType<typeof setTimeout> | undefined;
/** The running flow continues with the new σ, τ, dt, integrator or horizon (debounced while a slider moves). */
function update(): void {
  clearTimeout(updateTimer);
  updateTimer = setTimeout(() => send({ type: 'update', input: configFromState(state) }), 60);
}

/**
 * Applies a setting: `run` for those that change the run's start (environment, N, seed, replicas,
 * the code: a new run), `continue` for those the running flow takes on (σ, τ, dt, integrator,
 * horizon), `view` for what only the plots use.
 */
function change(patch: Partial<PlaygroundState>, effect: 'run' | 'continue' | 'view'): void {
  state = { ...state, ...patch };
  render();
  saveUrl();
  if (effect === 'continue') update();
  else if (effect === 'run') configure();
  else draw();
}

function numberOf(input: HTMLInputElement): number {
  return input.value.trim() === '' ? Number.NaN : Number(input.value);
}

function wire(): void {
  fillSelect(inputs.preset, Object.entries(PRESETS).map(([key, preset]) => [key, preset.label] as const));
  fillSelect(inputs.integrator, INTEGRATORS.map((name) => [name, name] as const));
  const backendLabels = { auto: 'auto (WebGL2 on a GPU, else cpu)', cpu: 'cpu (WebAssembly, float64)', webgl: 'webgl (gpu.js WebGL2, float32)' };
  fillSelect(inputs.backend, BACKEND_CHOICES.map((choice) => [choice, backendLabels[choice]] as const));
  setRange(inputs.tau, LIMITS.tau);
  setRange(inputs.sigma, LIMITS.sigma);
  setRange(inputs.dt, LIMITS.dt);
  setRange(inputs.n, LIMITS.n);
  inputs.preset.onchange = () => change({ preset: inputs.preset.value }, 'run');
  inputs.n.onchange = () => change({ n: numberOf(inputs.n) }, 'run');
  inputs.seed.onchange = () => change({ seed: numberOf(inputs.seed) }, 'run');
  inputs.backend.onchange = () => change({ backend: inputs.backend.value as PlaygroundState['backend'] }, 'run');
  inputs.replicas.onchange = () => change({ replicas: inputs.replicas.checked }, 'run');
  inputs.tau.oninput = () => change({ tau: numberOf(inputs.tau) }, 'continue');
  inputs.sigma.oninput = () => change({ sigma: numberOf(inputs.sigma) }, 'continue');
  inputs.dt.oninput = () => change({ dt: numberOf(inputs.dt) }, 'continue');
  inputs.integrator.onchange = () => change({ integrator: inputs.integrator.value as PlaygroundState['integrator'] }, 'continue');
  inputs.horizon.onchange = () => change({ horizon: numberOf(inputs.horizon) }, 'continue');
  inputs.x.onchange = () => change({ x: Number(inputs.x.value) }, 'view');
  inputs.y.onchange = () => change({ y: Number(inputs.y.value) }, 'view');
  element('start').onclick = () => send({ type: 'start' });
  element('pause').onclick = () => send({ type: 'pause' });
  element('reset').onclick = () => configure();
  element('measure-w2').onclick = () => send({ type: 'w2' });
  element('download').onclick = () => send({ type: 'files' });
  element('share').onclick = () => void navigator.clipboard?.writeText(location.href);
  element('apply').onclick = () => void apply();
  element('environment-type').textContent = environmentType.replace(/^import[^\n]*\n/gm, '').trim();
}

/** Runs the edited environment (a new run). */
async function apply(): Promise<void> {
  const code = (await loadEditor()).text();
  element('link-note').hidden = true;
  change({ code }, 'run');
}

/** Each coordinate of θ can go on either axis of the cloud. */
function coordinates(count: number): void {
  if (count === dim) return;
  dim = count;
  const options = Array.from({ length: count }, (_, k) => [String(k), `θ[${k}]`] as const);
  fillSelect(inputs.x, options);
  fillSelect(inputs.y, options);
  if (state.x >= count || state.y >= count) state = { ...state, x: 0, y: Math.min(1, count - 1) };
  inputs.x.value = String(state.x);
  inputs.y.value = String(state.y);
}

let drawPending = false;
/** Redraws once per animation frame, whatever the number of reports in between. */
function draw(): void {
  if (drawPending) return;
  drawPending = true;
  requestAnimationFrame(() => {
    drawPending = false;
    if (lastFrame) drawCloud(canvases.cloud, lastFrame.theta, lastFrame.dim, Math.min(state.x, lastFrame.dim - 1), Math.min(state.y, lastFrame.dim - 1), cloudBounds);
    else drawNote(canvases.cloud, 'no particles: see the message');
    if (lastPolicy) drawHeatMap(canvases.policy, lastPolicy.density, lastPolicy.states, lastPolicy.actions);
    else drawNote(canvases.policy, optimum !== null ? 'the policy appears with the first step' : 'the heat map needs the grid evaluator (exact evaluation)');
    const lines: Series[] = [
      { label: 'F(ν_t)', color: '#4084d6', points: traces.value },
      { label: 'J(ν_t)', color: '#e07b39', points: traces.objective },
    ];
    const end = traces.value.at(-1)?.[0] ?? 0;
    if (optimum !== null) lines.push({ label: 'V*(ρ)', color: '#7a7f88', points: [[0, optimum], [end, optimum]] });
    if (traces.value.length > 0) drawLines(canvases.values, lines);
    else drawNote(canvases.values, 'F and J appear as the flow runs');
    if (traces.w2.length > 0) drawLines(canvases.w2, [{ label: 'W2(ν¹_t, ν²_t)', color: '#2a9d5c', points: traces.w2, dots: true }]);
    else drawNote(canvases.w2, state.replicas ? 'press "Measure W2"' : 'tick "coupled replica", then press "Measure W2"');
  });
}

function download(name: string, text: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type: name.endsWith('.js') ? 'text/javascript' : 'application/json' }));
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

worker.onmessage = (event: MessageEvent<Report>) => {
  const report = event.data;
  switch (report.type) {
    case 'ready':
      showReady(report);
      coordinates(report.dim);
      optimum = report.optimum;
      showError(null);
      if (!report.continued && awaitingStart) {
        awaitingStart = false;
        send({ type: 'start' });
      }
      draw();
      return;
    case 'frame':
      lastFrame = report;
      if (report.policy) lastPolicy = report.policy;
      showFrame(report);
      if (Number.isFinite(report.value) && traces.value.at(-1)?.[0] !== report.t) traces.value.push([report.t, report.value]);
      draw();
      return;
    case 'row': {
      const { t, objective } = report.row as { t: number; objective: number };
      showObjective(objective);
      if (Number.isFinite(objective)) traces.objective.push([t, objective]);
      return;
    }
    case 'w2':
      traces.w2.push([report.t, report.w2]);
      showW2(report);
      draw();
      return;
    case 'files':
      for (const [name, text] of Object.entries(report.files)) download(name, text);
      return;
    case 'error':
      showError(report.where, report.message);
      showNotRunning();
      return;
  }
};
worker.onerror = (event) => showError('run', `the flow's worker failed: ${event.message}`);

wire();
render();
saveUrl();
// Code from a link runs only when its reader presses Apply: a shared URL must not run code unseen.
const codeFromLink = state.preset === 'custom' && state.code !== undefined && state.code !== DEFAULT_ENVIRONMENT_CODE;
if (codeFromLink) {
  element('link-note').hidden = false;
} else {
  awaitingStart = autostart;
  configure();
}
