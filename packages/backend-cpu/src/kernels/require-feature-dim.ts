/** Units with d = p (linear, separable) read θ_i and x_j with one stride: a mismatch is a caller bug. */
export function requireFeatureDim(featureDim: number, parameterDim: number, kernelName: string): void {
  if (featureDim !== parameterDim) {
    throw new RangeError(`${kernelName}: points have ${featureDim} features but particles have d = ${parameterDim} (this unit needs d = p)`);
  }
}
