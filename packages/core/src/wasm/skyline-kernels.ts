import { WASM_MODULE_BASE64 } from './module.generated';
import { compileWasmModule, createSharedMemory, instantiateWasm, type WasmModule } from './wasm-runtime';

/** The exports of core's WebAssembly module for the skyline LU (assembly/skyline.ts); arguments are byte offsets. */
interface SkylineExports {
  skylineFactor(entries: number, size: number, n: number, rowFirst: number, columnFirst: number, lowerBase: number, upperBase: number, report: number, reciprocal: number): number;
  skylineSolve(entries: number, n: number, rowFirst: number, columnFirst: number, lowerBase: number, upperBase: number, work: number): void;
  skylineSolveTransposed(entries: number, n: number, rowFirst: number, columnFirst: number, lowerBase: number, upperBase: number, work: number): void;
}

let compiled: WasmModule | undefined;

/**
 * One skyline factor's storage in its own WebAssembly memory, sized once and never grown (so the
 * views stay valid): the envelope, the four profile index arrays, a work vector and a report of two
 * doubles (threshold, last pivot). Built once per sparsity pattern; `factor` and the solves
 * allocate nothing.
 */
export class SkylineKernels {
  /** The envelope: A's entries before `factor`, L and U after. */
  readonly entries: Float64Array;
  /** The right-hand side / solution of a solve, in the permuted order (the pivots' reciprocals during `factor`). */
  readonly work: Float64Array;
  /** After `factor`: [n·eps·max|a|, the last pivot computed]. */
  readonly report: Float64Array;
  private readonly kernels: SkylineExports;
  private readonly at: { entries: number; rowFirst: number; columnFirst: number; lowerBase: number; upperBase: number; work: number; report: number };

  constructor(
    readonly n: number,
    size: number,
    profile: { rowFirst: Int32Array; columnFirst: Int32Array; lowerBase: Int32Array; upperBase: Int32Array },
  ) {
    // Doubles first (8-byte aligned), then the Int32 arrays.
    const entries = 0;
    const work = entries + 8 * size;
    const report = work + 8 * n;
    const rowFirst = report + 16;
    const columnFirst = rowFirst + 4 * n;
    const lowerBase = columnFirst + 4 * n;
    const upperBase = lowerBase + 4 * n;
    const memory = createSharedMemory(upperBase + 4 * n);
    compiled ??= compileWasmModule(WASM_MODULE_BASE64);
    this.kernels = instantiateWasm<SkylineExports>(compiled, memory);
    this.at = { entries, rowFirst, columnFirst, lowerBase, upperBase, work, report };
    this.entries = new Float64Array(memory.buffer, entries, size);
    this.work = new Float64Array(memory.buffer, work, n);
    this.report = new Float64Array(memory.buffer, report, 2);
    new Int32Array(memory.buffer, rowFirst, n).set(profile.rowFirst);
    new Int32Array(memory.buffer, columnFirst, n).set(profile.columnFirst);
    new Int32Array(memory.buffer, lowerBase, n).set(profile.lowerBase);
    new Int32Array(memory.buffer, upperBase, n).set(profile.upperBase);
  }

  /** Factors `entries` in place; returns −1, or the step whose pivot failed (see `report`). */
  factor(): number {
    const { at } = this;
    return this.kernels.skylineFactor(at.entries, this.entries.length, this.n, at.rowFirst, at.columnFirst, at.lowerBase, at.upperBase, at.report, at.work);
  }

  /** work ← A⁻¹ work (permuted order). */
  solve(): void {
    const { at } = this;
    this.kernels.skylineSolve(at.entries, this.n, at.rowFirst, at.columnFirst, at.lowerBase, at.upperBase, at.work);
  }

  /** work ← A⁻ᵀ work (permuted order). */
  solveTransposed(): void {
    const { at } = this;
    this.kernels.skylineSolveTransposed(at.entries, this.n, at.rowFirst, at.columnFirst, at.lowerBase, at.upperBase, at.work);
  }
}
