import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDirectory } from './helpers';
import { outsideEnv, packPackages, publishedPackages, root, run } from './packed-packages';

// publint (package.json fields against the files shipped) and Are the Types Wrong? (the types every
// module resolution mode finds: node10, node16 from CJS and ESM, bundler) on the tarballs npm
// publishes, offline: attw is kept from fetching @types packages.
describe('the packed packages', () => {
  const directory = freshDirectory('mfpg-pack-lint-');
  let tarballs: string[] = [];

  beforeAll(async () => {
    tarballs = await packPackages(directory);
  }, 60_000);
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('are six tarballs, one per package', () => {
    expect(tarballs.map((tarball) => basename(tarball)).sort()).toEqual(
      ['mfpg-0.1.0.tgz', 'mfpg-backend-cpu-0.1.0.tgz', 'mfpg-backend-gpu-0.1.0.tgz', 'mfpg-core-0.1.0.tgz', 'mfpg-environments-0.1.0.tgz', 'mfpg-monitor-0.1.0.tgz'].sort(),
    );
  });

  it('pass publint with no error, warning or suggestion', async () => {
    const reports = await Promise.all(
      tarballs.map(async (tarball) => {
        const { stdout } = await run(join(root, 'node_modules/.bin/publint'), ['run', tarball, '--strict'], { env: outsideEnv(), timeout: 60_000 });
        return `${basename(tarball)}: ${stdout.trim().split('\n').at(-1)}`;
      }),
    );
    expect(reports).toEqual(tarballs.map((tarball) => `${basename(tarball)}: All good!`));
  }, 90_000);

  it('pass Are the Types Wrong? in every resolution mode', async () => {
    const problems = await Promise.all(
      tarballs.map(async (tarball) => {
        const { stdout } = await run(join(root, 'node_modules/.bin/attw'), [tarball, '--format', 'json', '--no-definitely-typed'], { env: outsideEnv(), timeout: 90_000 }).catch(
          (error: { stdout: string }) => error,
        );
        const report = JSON.parse(stdout) as { analysis: { problems?: unknown[]; types?: unknown } };
        return { tarball: basename(tarball), typed: report.analysis.types !== false, problems: report.analysis.problems ?? [] };
      }),
    );
    expect(problems).toEqual(tarballs.map((tarball) => ({ tarball: basename(tarball), typed: true, problems: [] })));
  }, 120_000);
});

/** The package a bare specifier names: `@scope/name` or `name` (`zod/v4` → `zod`). */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

describe('every published package', () => {
  // tsup bundles what a package imports without declaring it (a second copy of zod in a backend's
  // dist, say), and an installed package cannot import what it did not declare.
  it('declares each package its shipped source imports (dependencies or peerDependencies)', () => {
    const undeclared = publishedPackages().flatMap((workspace) => {
      const manifest = JSON.parse(readFileSync(join(root, workspace, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
      // A package may name itself (the scaffold writes `from 'mfpg'` into the projects it creates).
      const declared = new Set([String(manifest.name), ...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
      const sources = (readdirSync(join(root, workspace, 'src'), { recursive: true }) as string[]).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
      return sources.flatMap((file) => {
        const text = readFileSync(join(root, workspace, 'src', file), 'utf8');
        const specifiers = [...text.matchAll(/(?:from|import\(|require\()\s*'([^'.][^']*)'/g)].map((match) => match[1]);
        return specifiers
          .filter((specifier) => !specifier.startsWith('node:') && !builtinModules.includes(specifier) && !declared.has(packageOf(specifier)))
          .map((specifier) => `${workspace}/src/${file}: ${specifier}`);
      });
    });
    expect(undeclared).toEqual([]);
  });
});
