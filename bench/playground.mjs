// npm run bench:playground — the browser playground against its peer: the default B3 flow
// (N = 1000, 64×64 grid) in headless Chromium (the page's Web Worker, cpu backend on one thread)
// and in Node (createFlow, the same config) in this process; the page's frame rate while it runs
// (the flow is off the main thread); the same flow on `?backend=webgl` (gpu.js WebGL2: SwiftShader
// where there is no GPU); the built site's size, raw and compressed.
// Needs the built packages and Debian's chromium. Speed is reported, never asserted.
import 'reflect-metadata';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { createFlow } from 'mfpg';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';

const root = fileURLToPath(new URL('../packages/playground/', import.meta.url));
const seconds = Number(process.argv[2] ?? 10);

function files(directory) {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'error' });
const sizes = files(join(root, 'dist')).map((path) => {
  const bytes = readFileSync(path);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: brotliCompressSync(bytes).length };
});
const total = (key) => sizes.reduce((sum, size) => sum + size[key], 0);
console.log(`site: ${sizes.length} files, ${(total('raw') / 1024).toFixed(0)} KiB raw, ${(total('gzip') / 1024).toFixed(0)} KiB gzip, ${(total('brotli') / 1024).toFixed(0)} KiB brotli`);

const server = await preview({ root, configFile: join(root, 'vite.config.ts'), preview: { port: 0, host: '127.0.0.1' }, logLevel: 'error' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
/**
 * Steps per second of the page on `?backend=webgl` (after 2 steps: gpu.js compiles its kernels in
 * the first), and what ran; in a browser of its own with WebGL2 in software where there is no GPU.
 */
async function webglStepsPerSecond() {
  const webglBrowser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
  const page = await webglBrowser.newPage();
  await page.goto(`${server.resolvedUrls.local[0]}?autostart=1&horizon=1000&backend=webgl`);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="step"]')?.textContent) >= 2, undefined, { timeout: 300_000 });
  const measured = await page.evaluate(async (ms) => {
    const step = () => Number(document.querySelector('[data-testid="step"]')?.textContent);
    const start = { step: step(), time: performance.now() };
    await new Promise((resolve) => setTimeout(resolve, ms));
    return (step() - start.step) / ((performance.now() - start.time) / 1000);
  }, seconds * 1000);
  const ran = `${await page.textContent('[data-testid="backend"]')}: ${await page.textContent('#run-info')}`;
  await webglBrowser.close();
  return { measured, ran };
}
try {
  const page = await browser.newPage();
  await page.goto(`${server.resolvedUrls.local[0]}?autostart=1&horizon=1000`);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="step"]')?.textContent) >= 5, undefined, { timeout: 60_000 });
  // Steps and animation frames of the page over the same wall-clock window.
  const measured = await page.evaluate(async (ms) => {
    const step = () => Number(document.querySelector('[data-testid="step"]')?.textContent);
    let frames = 0;
    const count = () => {
      frames++;
      requestAnimationFrame(count);
    };
    requestAnimationFrame(count);
    const start = { step: step(), time: performance.now() };
    await new Promise((resolve) => setTimeout(resolve, ms));
    const seconds = (performance.now() - start.time) / 1000;
    return { stepsPerSecond: (step() - start.step) / seconds, framesPerSecond: frames / seconds };
  }, seconds * 1000);
  const kernels = await page.textContent('[data-testid="backend"]');
  console.log(`browser: ${measured.stepsPerSecond.toFixed(1)} steps/s (chromium ${browser.version()}, default backend auto → ${kernels}), page ${measured.framesPerSecond.toFixed(0)} frames/s while it runs`);
  await page.close();

  const { engine } = createFlow({ backend: { name: 'cpu', params: { threads: 1 } }, flow: { horizon: 1000 } });
  await engine.advance();
  const start = performance.now();
  let steps = 0;
  while (performance.now() - start < seconds * 1000) {
    await engine.advance();
    steps++;
  }
  const node = steps / ((performance.now() - start) / 1000);
  console.log(`node:    ${node.toFixed(1)} steps/s (${process.version}, same config)`);
  console.log(`ratio browser/node: ${(measured.stepsPerSecond / node).toFixed(2)}   load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const webgl = await webglStepsPerSecond();
  console.log(`browser, ?backend=webgl: ${webgl.measured.toFixed(2)} steps/s, ratio webgl/default ${(webgl.measured / measured.stepsPerSecond).toFixed(3)} (${webgl.ran})`);
} finally {
  await browser.close();
  await server.close();
}
