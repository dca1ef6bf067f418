import { describe, expect, it } from 'vitest';
import { CpuBackendParams } from './cpu-backend-module';

describe('cpu backend params', () => {
  it('default to one float64 thread (the reference path)', () => {
    expect(CpuBackendParams.parse({})).toEqual({ threads: 'auto', precision: 'float64' });
  });

  it('accept a thread count, auto and float32', () => {
    expect(CpuBackendParams.parse({ threads: 'auto', precision: 'float32' })).toEqual({ threads: 'auto', precision: 'float32' });
    expect(CpuBackendParams.parse({ threads: 4 }).threads).toBe(4);
  });

  it('reject zero, fractional or unknown settings', () => {
    for (const bad of [{ threads: 0 }, { threads: 1.5 }, { threads: 'many' }, { precision: 'float16' }, { thread: 2 }]) {
      expect(CpuBackendParams.safeParse(bad).success).toBe(false);
    }
  });
});
