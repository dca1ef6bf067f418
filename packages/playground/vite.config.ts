import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const stub = (file: string) => fileURLToPath(new URL(`./src/node-stubs/${file}.ts`, import.meta.url));

/**
 * Shared WebAssembly memory (the cpu backend's SIMD kernels import one) needs a cross-origin
 * isolated page: these two headers, sent by the dev and preview servers here and needed from any
 * host that serves the built site (docs/playground.md).
 */
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  // Relative asset paths: dist/ can be served from any folder of a site.
  base: './',
  resolve: {
    // The packages import a few Node built-ins on paths the page never takes (files, worker
    // threads, PNG plots): the browser bundle gets small stand-ins instead (src/node-stubs/).
    alias: [
      { find: /^(node:)?fs$/, replacement: stub('fs') },
      { find: /^(node:)?path$/, replacement: stub('path') },
      { find: /^(node:)?os$/, replacement: stub('os') },
      { find: /^(node:)?worker_threads$/, replacement: stub('worker-threads') },
      { find: /^(node:)?module$/, replacement: stub('module') },
      { find: /^(vega|vega-lite|@resvg\/resvg-js)$/, replacement: stub('charting') },
    ],
  },
  worker: { format: 'es' },
  // The dependency scan does not follow `new Worker(new URL(…))`: name the worker, so the first
  // visit of the dev server does not reload the page when it discovers the worker's dependencies.
  optimizeDeps: { entries: ['index.html', 'src/flow-worker.ts'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 2048 },
  server: { headers: isolation },
  preview: { headers: isolation },
});
