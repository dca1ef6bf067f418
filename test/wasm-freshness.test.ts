import { describe, expect, it } from 'vitest';
import { isFresh, WASM_PACKAGES } from '../scripts/build-wasm';

describe('the committed WebAssembly modules', () => {
  it.each(WASM_PACKAGES)('of %s equal a fresh compile of its assembly/ (run `npm run build:wasm` after editing it)', async (name) => {
    expect(await isFresh(name)).toBe(true);
  });
});
