import type { SeparableFeatures } from '@mfpg/core';

/** Features of a one-state benchmark: an action part of `actionDim` numbers; the single state has none. */
export function actionOnlyFeatures(actionDim: number, action: SeparableFeatures['action']): SeparableFeatures {
  return { stateDim: 0, actionDim, state(): void {}, action };
}
