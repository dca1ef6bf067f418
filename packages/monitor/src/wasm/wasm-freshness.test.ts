import { describe, expect, it } from 'vitest';
import { isFresh } from '../../../../scripts/build-wasm';

describe('the committed WebAssembly module', () => {
  it('equals a fresh compile of packages/monitor/assembly (run `npm run build:wasm` after editing it)', async () => {
    expect(await isFresh('monitor')).toBe(true);
  });
});
