import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkpointChecksum } from '../packages/mfpg/src/checkpoints/checkpoint';
import { runExperiment } from '../packages/mfpg/src/run-experiment';
import { writeAdversarialPlugin } from './fuzz/adversarial-plugin';
import { folderSnapshot, STACK_TRACE } from './fuzz/folder-snapshot';
import { freshDirectory, runCli, withOverrides } from './helpers';

/**
 * Every case of the reliability issue (docs/reliability.md), reproduced as a user would meet it:
 * the exit code, the field or plugin named, no stack trace, and nothing written or changed.
 */
const small = ['particles.count=50', 'env.grid.states=16', 'env.grid.actions=16', 'flow.horizon=1', 'monitor.sinks.plots=false'];
const S = withOverrides(...small);
/** The same for `mfpg sweep` (which has no progress bar). */
const sweepSets = small.flatMap((override) => ['--set', override]);
/** The names in a folder (the current folder holds node_modules: not walked). */
const names = (directory: string) => readdirSync(directory).sort();

async function refused(args: string[], code: number, patterns: RegExp[], folder?: string) {
  const before = folder === undefined ? null : folderSnapshot(folder);
  const result = await runCli(args);
  expect(result.code, result.stderr).toBe(code);
  for (const pattern of patterns) expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(STACK_TRACE);
  expect(result.stderr).not.toMatch(/internal error/);
  if (folder !== undefined) expect(folderSnapshot(folder)).toEqual(before);
  return result;
}

afterEach(() => {
  // No input may reach Object.prototype (prototype pollution).
  expect(Object.getOwnPropertyNames(Object.prototype).filter((key) => !['constructor', '__proto__'].includes(key) && !(key in Object.getPrototypeOf({})) )).toEqual([]);
  expect(({} as Record<string, unknown>).name).toBeUndefined();
});

describe('never destroys data', () => {
  it.each([
    ['metrics.jsonl', '{"mine":1}\n'],
    ['summary.json', '{"status":"completed"}\n'],
    ['notes.txt', 'my notes\n'],
  ])('refuses an --out holding %s and leaves it as it was', async (name, content) => {
    const out = freshDirectory();
    writeFileSync(join(out, name), content);
    await refused(['run', ...S, '--out', out], 2, [/--out/, new RegExp(name.replace('.', '\\.')), /new or empty folder/], out);
  });

  it('refuses the folder of an interrupted run whose config.json was lost, and a sweep folder', async () => {
    const base = freshDirectory();
    const run = join(base, 'run');
    await runExperiment({}, { overrides: small, out: run, checkpointEvery: 5 });
    cpSync(run, join(base, 'lost'), { recursive: true });
    writeFileSync(join(base, 'lost', 'config.json'), '');
    const lost = join(base, 'lost');
    rmSync(join(lost, 'config.json'));
    await refused(['run', ...S, '--out', lost], 2, [/--out/, /checkpoint\.json|metrics\.jsonl/], lost);
    const sweep = join(base, 'sweep');
    mkdirSync(join(sweep, 'runs'), { recursive: true });
    writeFileSync(join(sweep, 'sweep.json'), '{}\n');
    await refused(['run', ...S, '--out', sweep], 2, [/--out/, /holds a sweep/], sweep);
  });

  it("refuses --out '' (it would write into the current folder)", async () => {
    const before = names(process.cwd());
    await refused(['run', ...S, '--out', ''], 2, [/--out/, /empty path/]);
    await refused(['sweep', ...sweepSets, '--grid', 'seed=0,1', '--out', ''], 2, [/--out/]);
    expect(names(process.cwd())).toEqual(before);
  });

  describe('resume verifies the checkpoint before touching any file', () => {
    let template: string;
    beforeAll(async () => {
      template = join(freshDirectory(), 'run');
      const controller = new AbortController();
      await runExperiment({}, { overrides: [...small, 'monitor.every=1'], out: template, checkpointEvery: 5, signal: controller.signal, onProgress: ({ step }) => step === 12 && controller.abort() });
    });
    const edited = (edit: (checkpoint: Record<string, unknown>) => void, recomputeChecksum = true) => {
      const out = join(freshDirectory(), 'run');
      cpSync(template, out, { recursive: true });
      const path = join(out, 'checkpoint.json');
      const checkpoint = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      edit(checkpoint);
      if (recomputeChecksum) checkpoint.checksum = checkpointChecksum(checkpoint as never);
      writeFileSync(path, JSON.stringify(checkpoint));
      return out;
    };
    it.each<[string, (checkpoint: Record<string, unknown>) => void, RegExp]>([
      ['step = -5', (c) => (c.step = -5), /step/],
      ['step past the run', (c) => (c.step = 10_000), /step/],
      ['metricsBytes = -10', (c) => (c.metricsBytes = -10), /metricsBytes/],
      ['metricsBytes cutting rows away', (c) => (c.metricsBytes = (c.metricsBytes as number) - 40), /metricsBytes/],
      ['a NaN in θ', (c) => {
        const bytes = Buffer.from(c.theta as string, 'base64');
        const theta = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
        theta[3] = Number.NaN;
        c.theta = Buffer.from(theta.buffer).toString('base64');
      }, /theta\[3\]/],
      ['θ of the wrong length', (c) => (c.theta = Buffer.alloc(16).toString('base64')), /theta/],
      ['a random state of another generator', (c) => (c.random = { algorithm: 'mt19937', words: [1, 2], spareNormal: null }), /random/],
      ['particleCount changed', (c) => (c.particleCount = 49), /particleCount/],
      ['t inconsistent with step', (c) => (c.t = 123), /\bt\b/],
      ['every = 0', (c) => (c.every = 0), /every/],
    ])('%s: exit 2, every file unchanged', async (_label, edit, field) => {
      const out = edited(edit);
      await refused(['resume', out, '--no-progress'], 2, [field], out);
    });
    it('an edit without a new checksum is refused too', async () => {
      const out = edited((c) => (c.step = 3), false);
      await refused(['resume', out, '--no-progress'], 2, [/checksum/], out);
    });
  });
});

describe('bad input is exit 2 naming the field, before any file', () => {
  it('a config path that is a folder, or nested 100 000 levels deep', async () => {
    const base = freshDirectory();
    await refused(['run', base, ...S], 2, [/CONFIG/, /a folder/]);
    const deep = join(base, 'deep.json');
    writeFileSync(deep, `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`);
    await refused(['run', deep, ...S, '--out', join(base, 'out')], 2, [/nest/], base);
    const deepYaml = join(base, 'deep.yaml');
    writeFileSync(deepYaml, `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    await refused(['run', deepYaml, ...S, '--out', join(base, 'out')], 2, [/nest/], base);
  });

  it.each([
    ['particles.count=1e9', /particles\.count/],
    ['env.grid.states=1000000', /env\.grid\.states/],
    ['replicas.count=1000000', /replicas\.count/],
    ['flow.dt=1e-300', /flow\.horizon \/ flow\.dt/],
    ['monitor.metrics=[{"name":"w2-successive","method":"exact"}] --set particles.count=100000', /monitor\.metrics\.0/],
  ])('%s is refused up front with the estimate', async (override, field) => {
    const out = join(freshDirectory(), 'out');
    await refused(['run', ...S, ...override.split(' ').filter((part) => part !== '--set').flatMap((part) => ['--set', part]), '--out', out], 2, [field, /estimated|steps/, /--max-(memory|steps)/]);
    expect(folderSnapshot(out)).toBeNull();
  });

  it('--max-memory and --max-steps set the limits (and are checked themselves)', async () => {
    await refused(['run', ...S, '--max-memory', '20KiB'], 2, [/particles\.count|env\.grid/, /20\.0 KiB/]);
    await refused(['run', ...S, '--max-steps', '10'], 2, [/at most 10 steps/]);
    await refused(['run', ...S, '--max-memory', 'lots'], 2, [/--max-memory/]);
    await refused(['run', ...S, '--max-steps', '-1'], 2, [/--max-steps/]);
  });

  it('monitor.klNeighbors ≥ N is refused before any file', async () => {
    const out = join(freshDirectory(), 'out');
    await refused(['run', ...S, '--set', 'monitor.klNeighbors=50', '--out', out], 2, [/monitor\.klNeighbors/, /below particles\.count/]);
    expect(folderSnapshot(out)).toBeNull();
  });

  it('mfpg plot of a run folder with a damaged metrics.jsonl is exit 2 naming the folder', async () => {
    const run = freshDirectory();
    writeFileSync(join(run, 'metrics.jsonl'), 'garbage\n{"step":');
    await refused(['plot', run, '--formats', 'svg'], 2, [/DIR/, /intact JSON/]);
  });

  it('mfpg experiment refuses a non-empty --out', async () => {
    const out = freshDirectory();
    writeFileSync(join(out, 'report.md'), 'my study\n');
    await refused(['experiment', 'uniqueness', '--budget', 'tiny', '--out', out], 2, [/--out/, /new or empty folder/], out);
  });

  it('particles.init from a device, a folder or a missing file is exit 2 at once', async () => {
    for (const path of ['/dev/zero', freshDirectory(), '/nonexistent/particles.json']) {
      await refused(['run', ...S, '--set', `particles.init=${JSON.stringify({ name: 'file', path })}`], 2, [/particles\.init\.path/]);
    }
  });

  it('--out /proc/x is refused at once', async () => {
    await refused(['run', ...S, '--out', '/proc/x/y'], 2, [/--out/]);
  });

  it('sweeps: oversize members, 10^8 points and a repeated axis, before the sweep folder exists', async () => {
    const out = join(freshDirectory(), 'sweep');
    await refused(['sweep', ...sweepSets, '--grid', 'particles.count=50,1000000000', '--out', out], 2, [/particles\.count/]);
    await refused(['sweep', ...sweepSets, '--grid', 'seed=0..9999', '--grid', 'particles.initSeed=0..9999', '--out', out], 2, [/100000000/, /--max-runs/]);
    await refused(['sweep', ...sweepSets, '--grid', 'seed=0..1', '--grid', 'seed=2..3', '--out', out], 2, [/--grid seed=2\.\.3/, /already sweeps/]);
    await refused(['sweep', ...sweepSets, '--grid', 'env.params=1,2', '--grid', 'env.params.gamma=0.5', '--out', out], 2, [/already sweeps env\.params/]);
    expect(folderSnapshot(out)).toBeNull();
  });
});

describe('config safety', () => {
  it.each([
    [['--set', 'env.__proto__.name=lq'], /__proto__/],
    [['--set', 'constructor.prototype.name=lq'], /constructor/],
    [['--set', 'env.params={"__proto__":{"name":"lq"}}'], /__proto__/],
    [['--set', 'replicas.overrides=[["__proto__.name=1"],["seed=1"]]', '--set', 'replicas.count=2'], /__proto__/],
  ])('%j is refused, Object.prototype untouched', async (args, pattern) => {
    await refused(['run', ...S, ...args], 2, [pattern]);
  });

  it('"__proto__" in a config file is refused, not dropped', async () => {
    const base = freshDirectory();
    const file = join(base, 'config.json');
    writeFileSync(file, '{"__proto__": {"name": "lq"}, "seed": 1}');
    await refused(['run', file, ...S], 2, [/__proto__/]);
    const yaml = join(base, 'config.yaml');
    writeFileSync(yaml, 'env:\n  prototype:\n    name: lq\n');
    await refused(['run', yaml, ...S], 2, [/prototype/]);
  });

  it('--grid with a prototype key or value is refused', async () => {
    await refused(['sweep', ...sweepSets, '--grid', '__proto__.name=1,2'], 2, [/__proto__/]);
    await refused(['sweep', ...sweepSets, '--grid', 'env.params={"constructor":1},{}'], 2, [/--grid/]);
  });
});

describe('plugins fail as plugins: exit 4 naming them', () => {
  const directory = freshDirectory();
  it.each([
    ['load-throws', /plugin .*adv-load-throws\.mjs: threw Error: plugin broke in load/],
    ['constructor-throws', /plugin environment 'adv': its constructor threw Error: plugin broke in its constructor/],
    ['reward-throws', /plugin .*adv-reward-throws\.mjs: threw Error: plugin broke in reward/],
    ['features-throws', /plugin .*adv-features-throws\.mjs: threw Error: plugin broke in features/],
    ['duplicate-name', /plugin environment 'adv': registered twice/],
  ])('%s', async (kind, message) => {
    const plugin = writeAdversarialPlugin(directory, 'adv', { kind, afterCalls: 3 } as never);
    const out = join(freshDirectory(), 'out');
    await refused(['run', ...S, '--set', 'env.name=adv', '--plugin', plugin, '--out', out], 4, [message]);
  });

  it.each([0, 2.5, -1, '2'])('featureDim = %j', async (featureDim) => {
    const plugin = writeAdversarialPlugin(directory, `dim-${String(featureDim).replace('.', '_')}`, { kind: 'feature-dim', featureDim });
    const out = join(freshDirectory(), 'out');
    await refused(['run', ...S, '--set', `env.name=dim-${String(featureDim).replace('.', '_')}`, '--plugin', plugin, '--out', out], 4, [/featureDim is .*positive integer/]);
    expect(folderSnapshot(out)).toBeNull();
  });

  it('check-env refuses a sample count it could not finish', async () => {
    await refused(['check-env', 'controlled-torus', '--samples', '1e12'], 2, [/--samples/]);
  });

  it('check-env fails a transition density that returns NaN', async () => {
    const plugin = writeAdversarialPlugin(directory, 'nan-density', { kind: 'density-nan' });
    const { code, stdout } = await runCli(['check-env', 'nan-density', '--plugin', plugin, '--samples', '200']);
    expect(code).toBe(4);
    expect(stdout).toMatch(/FAIL\s+transition density normalises: .*NaN/);
  });

  it('a --plugin that is a device or a folder is exit 2 (never read forever)', async () => {
    for (const path of ['/dev/zero', freshDirectory()]) await refused(['run', ...S, '--plugin', path], 2, [/--plugin/]);
  });

  it('a plugin that throws at import is exit 2 naming the file', async () => {
    const plugin = writeAdversarialPlugin(directory, 'adv', { kind: 'import-throws' });
    await refused(['run', ...S, '--plugin', plugin], 2, [/--plugin/, /plugin broke at import/]);
  });
});
