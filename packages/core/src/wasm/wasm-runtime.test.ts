import { describe, expect, it } from 'vitest';
import { WASM_MODULE_BASE64 } from './module.generated';
import { compileWasmModule, createSharedMemory, instantiateWasm } from './wasm-runtime';

describe('compileWasmModule', () => {
  it('compiles and instantiates the committed module without Node’s Buffer (browsers have none)', () => {
    const saved = globalThis.Buffer;
    let exports: Record<string, unknown>;
    try {
      (globalThis as { Buffer?: unknown }).Buffer = undefined;
      // WebAssembly validates every byte: a wrong decoding fails to compile.
      exports = instantiateWasm<Record<string, unknown>>(compileWasmModule(WASM_MODULE_BASE64), createSharedMemory(1 << 16));
    } finally {
      globalThis.Buffer = saved;
    }
    expect(Object.values(exports).some((value) => typeof value === 'function')).toBe(true);
    expect(() => compileWasmModule(WASM_MODULE_BASE64.slice(0, 40))).toThrow();
  });
});
