/**
 * What the page lets you set, how it lives in the URL, and the mfpg configuration it stands for.
 * Pure (no DOM, no worker): the test suite checks that every configuration made here passes the
 * command line's validation unchanged (test/playground-config.test.ts).
 */

/** The name the page registers an edited environment under (and the downloaded plugin too). */
export const CUSTOM_ENVIRONMENT = 'custom';

/** The built-in environments the page offers, with the config each needs besides its name. */
export interface Preset {
  readonly label: string;
  readonly env: string;
  /** Config sections this environment needs (e.g. B4 has no densities: Monte Carlo evaluation). */
  readonly extra?: Record<string, unknown>;
}

export const PRESETS: Readonly<Record<string, Preset>> = {
  b1: { label: 'B1 torus bandit', env: 'torus-bandit' },
  b2: { label: 'B2 action-independent torus', env: 'action-independent-torus' },
  b3: { label: 'B3 controlled torus', env: 'controlled-torus' },
  b4: { label: 'B4 linear–quadratic (Monte Carlo)', env: 'lq', extra: { evaluator: { name: 'monte-carlo', params: {} } } },
  b5: { label: 'B5 pitchfork', env: 'pitchfork' },
  pendulum: { label: 'Pendulum', env: 'pendulum', extra: { env: { grid: { states: 21, actions: 9 } }, evaluator: { name: 'grid', params: { solver: 'iterative' } } } },
  'mountain-car': { label: 'MountainCar (continuous)', env: 'mountain-car-continuous', extra: { env: { grid: { states: 21, actions: 9 } } } },
  custom: { label: 'Your environment (edit the code)', env: CUSTOM_ENVIRONMENT },
};

export const INTEGRATORS = ['euler-maruyama', 'ou-lie', 'ou-strang', 'heun', 'leimkuhler-matthews', 'deterministic'] as const;
export type IntegratorName = (typeof INTEGRATORS)[number];

/**
 * What runs the kernels: `auto` (the default) takes gpu.js on WebGL2 where a GPU renders it and
 * the configuration's policy has gpu kernels, else the cpu backend's WebAssembly; `webgl` asks for
 * gpu.js on WebGL2 (also software-rendered) and falls back to cpu with the reason shown; `cpu`
 * always runs the WebAssembly kernels (backend-pick.ts).
 */
export const BACKEND_CHOICES = ['auto', 'cpu', 'webgl'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/**
 * The backend section the page's worker runs gpu.js with. `auto`: WebGL2 in the browser (the
 * worker checks that gpu.js took webgl2, else it falls back to cpu), and in Node — where config.json
 * goes to `mfpg run` — the best gpu.js mode there (webasm or cpu), so the file stays runnable.
 */
export const WEBGL_BACKEND = { name: 'gpu', params: { mode: 'auto' } } as const;

/** The page's settings; every one is in the URL. */
export interface PlaygroundState {
  readonly preset: string;
  /** N, particles. */
  readonly n: number;
  /** τ, policy-entropy strength. */
  readonly tau: number;
  /** σ, noise. */
  readonly sigma: number;
  readonly dt: number;
  readonly horizon: number;
  readonly integrator: IntegratorName;
  readonly seed: number;
  readonly backend: BackendChoice;
  /** Run a second replica coupled to the first (shared noise, another ν_0) for W2. */
  readonly replicas: boolean;
  /** Particle coordinates drawn on the cloud's x and y axes. */
  readonly x: number;
  readonly y: number;
  /** The edited environment's source (preset `custom`). */
  readonly code?: string;
}

/** The default flow: B3, as `mfpg run` with no arguments, single-threaded. */
export const DEFAULT_STATE: PlaygroundState = {
  preset: 'b3',
  n: 1000,
  tau: 0.1,
  sigma: 0.5,
  dt: 0.05,
  horizon: 20,
  integrator: 'euler-maruyama',
  seed: 0,
  backend: 'auto',
  replicas: false,
  x: 0,
  y: 1,
};

/** Where each setting may go (the sliders' ranges; the config schema checks the rest). */
export const LIMITS = {
  n: { min: 10, max: 5000, step: 10 },
  tau: { min: 0.01, max: 2, step: 0.01 },
  sigma: { min: 0, max: 3, step: 0.01 },
  dt: { min: 0.001, max: 0.2, step: 0.001 },
} as const;

const NUMBER_KEYS = ['n', 'tau', 'sigma', 'dt', 'horizon', 'seed', 'x', 'y'] as const;

/**
 * The state in `search` (a URL query), defaults for what is missing or unreadable; the rest of
 * the checking is the config schema's, which reports bad values by field in the page.
 */
export function stateFromQuery(search: string): PlaygroundState {
  const query = new URLSearchParams(search);
  const state: Record<string, unknown> = { ...DEFAULT_STATE };
  const preset = query.get('env');
  if (preset !== null && preset in PRESETS) state.preset = preset;
  for (const key of NUMBER_KEYS) {
    const text = query.get(key);
    const value = text === null ? Number.NaN : Number(text);
    if (text !== null && text.trim() !== '' && Number.isFinite(value)) state[key] = value;
  }
  const integrator = query.get('integrator');
  if (integrator !== null && (INTEGRATORS as readonly string[]).includes(integrator)) state.integrator = integrator;
  const backend = query.get('backend');
  if (backend !== null && (BACKEND_CHOICES as readonly string[]).includes(backend)) state.backend = backend;
  if (query.get('replicas') === '1') state.replicas = true;
  const code = query.get('code');
  if (code !== null) state.code = code;
  return state as unknown as PlaygroundState;
}

/** The URL query of `state`: only what differs from the defaults, so shared links stay short. */
export function queryFromState(state: PlaygroundState): string {
  const query = new URLSearchParams();
  if (state.preset !== DEFAULT_STATE.preset) query.set('env', state.preset);
  for (const key of NUMBER_KEYS) if (state[key] !== DEFAULT_STATE[key]) query.set(key, String(state[key]));
  if (state.integrator !== DEFAULT_STATE.integrator) query.set('integrator', state.integrator);
  if (state.backend !== DEFAULT_STATE.backend) query.set('backend', state.backend);
  if (state.replicas) query.set('replicas', '1');
  if (state.preset === 'custom' && state.code !== undefined) query.set('code', state.code);
  return query.toString();
}

/**
 * The mfpg configuration of `state` (a partial config: the defaults fill the rest, as for a config
 * file). The cpu backend runs on one thread here (results are bit-identical for every thread
 * count); the worker swaps in WEBGL_BACKEND when it runs gpu.js (state.backend); with
 * `replicas`, two replicas with shared noise, as
 * `mfpg run --set replicas.count=2 --set replicas.noise=shared`.
 */
export function configFromState(state: PlaygroundState): Record<string, unknown> {
  const preset = PRESETS[state.preset] ?? PRESETS[DEFAULT_STATE.preset];
  const extra = preset.extra ?? {};
  return {
    ...extra,
    env: { ...((extra.env as object | undefined) ?? {}), name: preset.env },
    regularization: { tau: state.tau, sigma: state.sigma },
    particles: { count: state.n },
    flow: { integrator: state.integrator, dt: state.dt, horizon: state.horizon },
    backend: { name: 'cpu', params: { threads: 1 } },
    seed: state.seed,
    ...(state.replicas ? { replicas: { count: 2, noise: 'shared' } } : {}),
  };
}
