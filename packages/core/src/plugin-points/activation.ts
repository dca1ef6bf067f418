export const Activation = Symbol('Activation');

/** An activation ϱ: R → R with its first two derivatives (MATH.md §2). */
export interface Activation {
  readonly name: string;
  value(z: number): number;
  derivative(z: number): number;
  secondDerivative(z: number): number;
}
