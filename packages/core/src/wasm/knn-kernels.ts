import { WASM_MODULE_BASE64 } from './module.generated';
import { compileWasmModule, createSharedMemory, ensureMemory, instantiateWasm, type SharedMemory } from './wasm-runtime';

/** The exports of core's WebAssembly module (assembly/knn.ts). */
interface KnnExports {
  nearestSquaredDistances(points: number, n: number, dim: number, stride: number, nearest: number): void;
}

let memory: SharedMemory | undefined;
let kernels: KnnExports | undefined;

/**
 * ε²_{i,1} for every particle (assembly/knn.ts, the same bits as the scalar loop): the cloud is
 * copied by coordinate into this thread's WebAssembly memory (grown to the largest cloud seen).
 */
export function nearestSquaredDistancesSimd(theta: Float64Array, particleCount: number, dim: number): Float64Array {
  memory ??= createSharedMemory(64 * 1024);
  kernels ??= instantiateWasm<KnnExports>(compileWasmModule(WASM_MODULE_BASE64), memory);
  const stride = particleCount + (particleCount & 1);
  const nearestAt = dim * stride;
  ensureMemory(memory, 8 * (nearestAt + stride), 'the k-NN distances');
  const data = new Float64Array(memory.buffer, 0, nearestAt + particleCount);
  for (let i = 0; i < particleCount; i++) for (let c = 0; c < dim; c++) data[c * stride + i] = theta[i * dim + c];
  data.fill(Number.POSITIVE_INFINITY, nearestAt, nearestAt + particleCount);
  kernels.nearestSquaredDistances(0, particleCount, dim, stride, 8 * nearestAt);
  return data.slice(nearestAt, nearestAt + particleCount);
}
