/** 2π: the unit torus [0, 1) meets the circle through s ↦ (cos 2πs, sin 2πs) (docs/math.md §1). */
export const TWO_PI = 2 * Math.PI;
