import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The built packages as users load them: `require` (CommonJS), `import` (ES modules) and the bin.
 * The other tests run the TypeScript sources, so only these catch a broken build (e.g. a static
 * import of an ES module with top-level await, which `require` cannot load). They need `npm run
 * build` (CI builds in `npm ci`'s prepare step; without dist they are skipped outside CI).
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const built = existsSync(`${root}/packages/mfpg/dist/index.cjs`);
const node = (args: string[]) => spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 60_000 });

describe.skipIf(!built && process.env.CI === undefined)('the built packages', () => {
  it('load with require (CommonJS)', () => {
    const result = node(['-e', "const m = require('mfpg'); if (typeof m.createFlow !== 'function' || typeof m.CpuBackend !== 'function') process.exit(3)"]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('load with import (ES modules)', () => {
    const result = node(['--input-type=module', '-e', "const m = await import('mfpg'); if (typeof m.createFlow !== 'function') process.exit(3)"]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('share one set of plugin tokens between the CommonJS and ES module builds', () => {
    // A .cjs plugin gets the CommonJS copy of mfpg, the CLI the ES one: the tokens must be the same symbols.
    const tokens = ['Environment', 'Integrator', 'ParticleBackend', 'RunConfig', 'PluginDescriptor', 'MetricDefinition', 'SinkDefinition'];
    const script = `import { createRequire } from 'node:module';
      const esm = await import('mfpg');
      const cjs = createRequire(process.cwd() + '/')('mfpg');
      const differ = ${JSON.stringify(tokens)}.filter((name) => esm[name] !== cjs[name] || esm[name] !== Symbol.for('mfpg.' + name));
      if (differ.length > 0) { console.error(differ.join(', ')); process.exit(3); }`;
    const result = node(['--input-type=module', '-e', script]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('run the bin', () => {
    const result = node(['packages/mfpg/bin/mfpg.js', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: mfpg/);
    expect(result.stdout).toMatch(/^  run /m);
  });
});
