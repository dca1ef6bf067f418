import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runExperiment } from '../packages/mfpg/src/run-experiment';
import { loadPlugins } from '../packages/mfpg/src/cli/load-plugins';
import { readJsonl, runCli, withOverrides } from './helpers';
import { root } from './packed-packages';

// A plugin file of its own (inside the repository, where `mfpg` resolves; .tmp-* is git-ignored),
// so the test can record it and check the run folder that names it.
const folder = mkdtempSync(join(root, '.tmp-plugin-records-'));
const plugin = join(folder, 'bandit.mjs');
writeFileSync(
  plugin,
  `import { bindPlugin, UniformTorusMeasure } from 'mfpg';
import { ContainerModule } from 'inversify';
const TAU = 2 * Math.PI;
class Bandit {
  id = 'recorded-bandit'; stateSpace = { kind: 'finite', dim: 1, size: 1 }; actionSpace = { kind: 'torus', dim: 1 };
  actionMeasure = new UniformTorusMeasure(1); gamma = 0.5; featureDim = 2;
  features(_s, a, out, k) { out[k] = Math.cos(TAU * a[0]); out[k + 1] = Math.sin(TAU * a[0]); }
  reward(_s, a) { return Math.sin(TAU * a[0]); }
  sampleInitialState(_r, out) { out[0] = 0; }
  sampleNextState(_s, _a, _r, out) { out[0] = 0; }
  initialDensity() { return 1; }
  transitionDensity() { return 1; }
}
export default new ContainerModule((options) => bindPlugin(options, { point: 'environment', name: 'recorded-bandit', description: 'test fixture' }, { useFactory: () => new Bandit() }));
`,
);
const overrides = ['env.name=recorded-bandit', 'env.grid.states=1', 'env.grid.actions=16', 'particles.count=20', 'flow.dt=0.1', 'flow.horizon=2', 'monitor.every=1'];
const files = (dir: string) => ['metrics.jsonl', 'particles.json'].map((name) => readFileSync(join(dir, name), 'utf8'));

describe('plugins recorded in config.json', () => {
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('mfpg run --plugin records the file; mfpg resume loads it from config.json alone, byte-identically', async () => {
    const reference = join(folder, 'reference');
    const run = await runCli(['run', '--plugin', plugin, ...withOverrides(...overrides), '--out', reference]);
    expect(run.code, run.stderr).toBe(0);
    const { records } = await loadPlugins([plugin]);
    expect(JSON.parse(readFileSync(join(reference, 'config.json'), 'utf8')).plugins).toEqual(records);

    // The same run, interrupted at step 7 with checkpoints every 5, then resumed without --plugin.
    const out = join(folder, 'interrupted');
    const controller = new AbortController();
    const { modules } = await loadPlugins([plugin]);
    const interrupted = await runExperiment({ plugins: records }, {
      overrides,
      modules,
      out,
      checkpointEvery: 5,
      signal: controller.signal,
      onProgress: ({ step }) => {
        if (step === 7) controller.abort();
      },
    });
    expect(interrupted.summary.status).toBe('interrupted');
    const resumed = await runCli(['resume', out, '--no-progress']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(files(out)).toEqual(files(reference));
    expect(readJsonl(join(out, 'metrics.jsonl'))).toHaveLength(21);
  });

  it('mfpg resume refuses a recorded plugin that changed since (exit 2, naming it)', async () => {
    const out = join(folder, 'to-resume');
    const controller = new AbortController();
    const { modules, records } = await loadPlugins([plugin]);
    await runExperiment({ plugins: records }, { overrides, modules, out, checkpointEvery: 5, signal: controller.signal, onProgress: ({ step }) => step === 7 && controller.abort() });
    writeFileSync(plugin, `${readFileSync(plugin, 'utf8')}// edited\n`);
    const resumed = await runCli(['resume', out, '--no-progress']);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain('plugins[0].sha256');
    expect(resumed.stderr).toContain(`${plugin} as it is now`);
  });
});
