import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freshDirectory, readJsonl, runCli, withOverrides } from './helpers';

/**
 * `mfpg new env my-env` writes a TypeScript plugin project. Here, inside the repository: the
 * generated source compiles under its own strict options against mfpg's sources, `check-env` passes
 * and a tiny run completes with the generated .ts loaded through the plugin loader. (Installing the
 * packed tarballs into an outside project is tested separately.)
 */
const root = fileURLToPath(new URL('..', import.meta.url));

describe('mfpg new env', () => {
  const project = join(freshDirectory('mfpg-scaffold-'), 'my-env');
  const source = join(project, 'src', 'my-env.ts');

  it('writes package.json (depending on mfpg), a strict tsconfig, src/my-env.ts and a README', async () => {
    const { code, stdout } = await runCli(['new', 'env', 'my-env', '--dir', project]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/npm run build && npm run check/);
    const packageJson = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
    expect(packageJson.name).toBe('my-env');
    expect(Object.keys(packageJson.dependencies)).toEqual(['mfpg']);
    expect(packageJson.scripts.check).toBe('mfpg check-env my-env --plugin ./dist/my-env.js');
    expect(JSON.parse(readFileSync(join(project, 'tsconfig.json'), 'utf8')).compilerOptions.strict).toBe(true);
    expect(readFileSync(source, 'utf8')).toMatch(/defineEnvironment\(\{\n\s+name: 'my-env'/);
    expect(readFileSync(join(project, 'README.md'), 'utf8')).toMatch(/npm run check/);
  });

  it('refuses an existing folder (exit 2) and leaves it untouched; a bad name or kind is exit 2', async () => {
    writeFileSync(join(project, 'README.md'), 'mine');
    const again = await runCli(['new', 'env', 'my-env', '--dir', project]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/--dir: given ".*my-env"; allowed: a folder that does not exist yet/);
    expect(readFileSync(join(project, 'README.md'), 'utf8')).toBe('mine');
    const badName = await runCli(['new', 'env', 'My_Env', '--dir', join(freshDirectory(), 'x')]);
    expect([badName.code, badName.stderr]).toEqual([2, expect.stringMatching(/<name>: given "My_Env"/)]);
    const badKind = await runCli(['new', 'reactor', 'my-env', '--dir', join(freshDirectory(), 'y')]);
    expect([badKind.code, badKind.stderr]).toEqual([2, expect.stringMatching(/<kind>: given "reactor"; allowed: one of env/)]);
  });

  // The typing tests of the plugin helpers (expectTypeOf, @ts-expect-error in typed-plugins.test.ts)
  // are compiled in the same program: vitest only runs them, tsc is what checks them.
  it('the generated source compiles under its strict options, and so do the typing tests of the plugin helpers', () => {
    // The project's own compiler options, with module resolution switched to the repository's
    // (mfpg from its TypeScript sources through the tsconfig paths) and no output.
    const generated = JSON.parse(readFileSync(join(project, 'tsconfig.json'), 'utf8')).compilerOptions;
    const { module: _module, moduleResolution: _resolution, rootDir: _rootDir, outDir: _outDir, declaration: _declaration, ...options } = generated;
    symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'), 'dir');
    writeFileSync(
      join(project, 'tsconfig.check.json'),
      JSON.stringify({ extends: join(root, 'tsconfig.json'), compilerOptions: { ...options, noEmit: true }, include: [], files: [source, join(root, 'test/typed-plugins.test.ts')] }),
    );
    const result = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(project, 'tsconfig.check.json')], { encoding: 'utf8', timeout: 120_000 });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 120_000);

  it('passes mfpg check-env and runs', async () => {
    const check = await runCli(['check-env', 'my-env', '--plugin', source]);
    expect(check.stdout).toMatch(/all checks passed/);
    expect(check.code).toBe(0);
    const out = join(freshDirectory(), 'run');
    const overrides = ['env.name=my-env', 'env.params.control=0.9', 'particles.count=20', 'env.grid.actions=16', 'flow.horizon=1', 'monitor.every=5'];
    const run = await runCli(['run', '--plugin', source, ...withOverrides(...overrides), '--out', out]);
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).env.params).toEqual({ gamma: 0.9, control: 0.9 });
    const values = readJsonl(join(out, 'metrics.jsonl')).map((row) => row.value as number);
    expect(values).toHaveLength(5);
    // F = ∫V dρ lies between the values of never and always reaching the paying state: 0 ≤ F ≤ 1/(1−γ) = 10.
    for (const value of values) expect(value).toBeGreaterThan(0), expect(value).toBeLessThan(10);
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
    const bad = await runCli(['run', '--plugin', source, ...withOverrides('env.name=my-env', 'env.params.control=2', 'env.params.contrl=0.5'), '--out', join(freshDirectory(), 'bad')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/env\.params\.control: given 2; allowed: a number in \[0, 1\]/);
    expect(bad.stderr).toMatch(/env\.params\.contrl: given 0\.5; allowed: no key "contrl" here; known keys: gamma, control/);
  }, 60_000);
});
