import { PluginError, type Activation } from '@mfpg/core';

/** Where a declared sine form is checked: the centre, both signs, and beyond a period. */
const CHECK_POINTS = [0, 1e-3, 0.1, 0.5, 1, 1.7, 2, 3, 5, 8, 12, 20].flatMap((z) => (z === 0 ? [0] : [z, -z]));

/**
 * Agreement a true declaration meets: Math.sin and Math.cos against an activation's own evaluation
 * of the same functions differ by round-off (≈ 1e−16), while a different ϱ (a shift, a scale, a
 * frequency) differs by O(1) at some check point. 1e−9 lies between.
 */
const CHECK_TOLERANCE = 1e-9;

const checked = new WeakMap<Activation, boolean>();

/**
 * Whether an activation declares ϱ = sin (`Activation.sineForm`), checked once per activation
 * object against its `value` and `derivative` at CHECK_POINTS.
 * @throws PluginError naming the activation when the declaration does not hold.
 */
export function declaresSineForm(activation: Activation): boolean {
  const known = checked.get(activation);
  if (known !== undefined) return known;
  const declared = activation.sineForm === true;
  if (declared) {
    for (const z of CHECK_POINTS) {
      const [value, slope] = [activation.value(z), activation.derivative(z)];
      if (!(Math.abs(value - Math.sin(z)) <= CHECK_TOLERANCE && Math.abs(slope - Math.cos(z)) <= CHECK_TOLERANCE)) {
        throw new PluginError(
          `activation '${activation.name}'`,
          `it declares the sine form (ϱ = sin, ϱ' = cos), but at z = ${z} its value is ${value} (sin: ${Math.sin(z)}) and its derivative ${slope} (cos: ${Math.cos(z)})`,
        );
      }
    }
  }
  checked.set(activation, declared);
  return declared;
}
