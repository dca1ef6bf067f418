import { PluginError, type Activation, type LogisticForm } from '@mfpg/core';

/**
 * Where a declared logistic form is checked against the activation's own `value` and `derivative`:
 * the centre, both tails, and the range a policy's pre-activations live in.
 */
const CHECK_POINTS = [0, 1e-3, 0.1, 0.37, 0.5, 1, 1.7, 2, 3, 5, 8, 12, 20].flatMap((z) => (z === 0 ? [0] : [z, -z]));

/**
 * Agreement a true declaration meets: both sides are a few roundings of quantities ≤ |α| + |β|
 * (≈ 1e−15), while a wrong α, β or κ moves ϱ or ϱ' by O(1) at some check point. 1e−9 lies between.
 */
const CHECK_TOLERANCE = 1e-9;

const checked = new WeakMap<Activation, LogisticForm | undefined>();

/**
 * The logistic form an activation declares (`Activation.logisticForm`), checked once per activation
 * object against its `value` and `derivative` at CHECK_POINTS; undefined when it declares none.
 * @throws PluginError naming the activation when the declaration is malformed or not satisfied.
 */
export function logisticFormOf(activation: Activation): LogisticForm | undefined {
  if (checked.has(activation)) return checked.get(activation);
  const form = activation.logisticForm;
  if (form !== undefined) checkLogisticForm(activation, form);
  checked.set(activation, form);
  return form;
}

function checkLogisticForm(activation: Activation, form: LogisticForm): void {
  const fail = (detail: string): never => {
    throw new PluginError(`activation '${activation.name}'`, `its declared logistic form ${JSON.stringify(form)} ${detail}`);
  };
  const { alpha, beta, gamma, kappa } = form;
  if (![alpha, beta, gamma, kappa].every(Number.isFinite) || kappa === 0) fail('needs finite α, β, γ and κ ≠ 0');
  if (Math.abs(gamma + beta * kappa) > CHECK_TOLERANCE * Math.abs(gamma)) fail('breaks γ = −β·κ');
  for (const z of CHECK_POINTS) {
    // Through e^{−|κz|}, which cannot overflow: r = 1/(1 + e^{κz}), ϱ' = γ·e^{κz}·r² = γ·e·q².
    const e = Math.exp(-Math.abs(kappa * z));
    const q = 1 / (1 + e);
    const r = kappa * z > 0 ? e * q : q;
    const value = alpha + beta * r;
    const slope = gamma * e * q * q;
    const actualValue = activation.value(z);
    const actualSlope = activation.derivative(z);
    if (!(Math.abs(actualValue - value) <= CHECK_TOLERANCE * (Math.abs(alpha) + Math.abs(beta)))) {
      fail(`gives ϱ(${z}) = ${value}, but its value(${z}) is ${actualValue}`);
    }
    if (!(Math.abs(actualSlope - slope) <= CHECK_TOLERANCE * Math.abs(gamma))) {
      fail(`gives ϱ'(${z}) = ${slope}, but its derivative(${z}) is ${actualSlope}`);
    }
  }
}

/**
 * Largest |exponent| allowed for one factor e^{κu'}, e^{κv'}: a product of two then lies in
 * [e^{−708}, e^{708}] ⊂ [2.2e−308, 1.8e308], a normal, finite double, so E, 1 + E, r and E·r never
 * overflow, underflow or meet ∞·0 (which would be NaN).
 */
const FACTOR_EXPONENT_LIMIT = 354;

/**
 * Fills eu[o] = e^{κ(u_o − s)} and ev[i] = e^{κ(v_i + s)}, so that eu[o]·ev[i] = e^{κ(u_o + v_i)},
 * with a shift s that keeps every factor's exponent within ±354: s = 0 when that already holds
 * (no extra rounding), else s = (centre of u − centre of v)/2, which centres both ranges on half
 * the centre of the z-range. Returns false when no such s is found — some |z| then exceeds
 * ~354/|κ| and the caller evaluates this particle pair by pair instead.
 * NaN or ±∞ in u or v also return false (Math.min/max propagate NaN), leaving them to the direct path.
 */
export function fillSplitExponentials(
  form: LogisticForm,
  u: Float64Array,
  outerCount: number,
  v: Float64Array,
  innerCount: number,
  eu: Float64Array,
  ev: Float64Array,
): boolean {
  const limit = FACTOR_EXPONENT_LIMIT / Math.abs(form.kappa);
  let uMin = Infinity;
  let uMax = -Infinity;
  for (let o = 0; o < outerCount; o++) {
    uMin = Math.min(uMin, u[o]);
    uMax = Math.max(uMax, u[o]);
  }
  let vMin = Infinity;
  let vMax = -Infinity;
  for (let i = 0; i < innerCount; i++) {
    vMin = Math.min(vMin, v[i]);
    vMax = Math.max(vMax, v[i]);
  }
  let shift = 0;
  if (!shiftFits(shift, uMin, uMax, vMin, vMax, limit)) {
    shift = (uMin + uMax - (vMin + vMax)) / 4;
    if (!shiftFits(shift, uMin, uMax, vMin, vMax, limit)) return false;
  }
  const kappa = form.kappa;
  for (let o = 0; o < outerCount; o++) eu[o] = Math.exp(kappa * (u[o] - shift));
  for (let i = 0; i < innerCount; i++) ev[i] = Math.exp(kappa * (v[i] + shift));
  return true;
}

/**
 * Whether every factor exponent u − s, v + s lies in [−limit, limit] (false for NaN). Rounding is
 * monotone, so checking the extremes covers every node.
 */
function shiftFits(shift: number, uMin: number, uMax: number, vMin: number, vMax: number, limit: number): boolean {
  return Math.max(shift - uMin, uMax - shift, -vMin - shift, vMax + shift) <= limit;
}
