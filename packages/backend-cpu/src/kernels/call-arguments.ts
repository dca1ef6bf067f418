import type { LogisticForm } from '@mfpg/core';

/**
 * Writes source[key] into args[index[key]] for each of `keys`: a share kernel call's arguments from
 * the layout (or form) whose field names they share. An index loop, so a call allocates nothing.
 */
export function writeArguments<K extends string>(
  args: Float64Array,
  index: Readonly<Record<K, number>>,
  source: Readonly<Record<K, number>>,
  keys: readonly K[],
): void {
  for (let k = 0; k < keys.length; k++) args[index[keys[k]]] = source[keys[k]];
}

const FORM_KEYS = ['alpha', 'beta', 'gamma', 'kappa'] as const;

/** Writes the logistic form's α, β, γ, κ into the arguments `index` names for them. */
export function writeFormArguments(args: Float64Array, index: Readonly<Record<(typeof FORM_KEYS)[number], number>>, form: LogisticForm): void {
  writeArguments(args, index, form, FORM_KEYS);
}
