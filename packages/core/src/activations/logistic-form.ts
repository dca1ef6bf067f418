/**
 * A capability an activation may declare (`Activation.logisticForm`): ϱ belongs to the logistic
 * family, i.e. with E = e^{κz} and r = 1/(1 + E),
 *   ϱ(z) = α + β·r  and  ϱ'(z) = γ·E·r²  (γ = −β·κ).
 * - tanh z = 1 − 2/(1 + e^{2z}): α = 1, β = −2, γ = 4, κ = 2;
 * - σ(z) = 1/(1 + e^{−z}): α = 0, β = 1, γ = 1, κ = −1.
 *
 * The CPU backend's fast kernels need only these four numbers: on product grids e^{κ(u+v)} factorises
 * into per-row and per-column exponentials; on general points a vectorised exponential evaluates ϱ
 * and ϱ' two pairs per instruction. An activation that declares a form gets those kernels whatever its
 * name; the backend checks the declaration against `value` and `derivative` when it compiles its
 * kernels and rejects a wrong one (PluginError naming the activation).
 */
export interface LogisticForm {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
  readonly kappa: number;
}
