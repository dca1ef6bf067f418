import { ConfigError } from '@mfpg/core';

/**
 * An integer option's value in [min, max] (exit 2 naming the option and the text given otherwise;
 * an empty text is not 0). One parser for every command's integer flags.
 */
export function integerOption(option: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    throw ConfigError.of(option, text, max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`);
  }
  return value;
}
