import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The repository root. */
export const root = fileURLToPath(new URL('..', import.meta.url));

export const run = promisify(execFile);

/**
 * The environment of this process without the `npm_*` variables `npm test` sets: they describe this
 * repository (its package, its workspaces, its prefix) and would steer an npm started for another
 * project.
 */
export function outsideEnv(): NodeJS.ProcessEnv {
  // NO_COLOR: the checkers' reports are compared as plain text, also where CI=true makes them colour it.
  return { ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'INIT_CWD' && key !== 'FORCE_COLOR')), NO_COLOR: '1' };
}

/** The published packages: every workspace under packages/ that is not private, in build order. */
export function publishedPackages(): string[] {
  const workspaces = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
  return workspaces.filter((workspace) => !(JSON.parse(readFileSync(join(root, workspace, 'package.json'), 'utf8')) as { private?: boolean }).private);
}

/**
 * `npm pack` of every published package into `destination` (their dist/ must be built: `npm ci`
 * builds it); returns the tarballs' paths.
 */
export async function packPackages(destination: string): Promise<string[]> {
  const packages = publishedPackages();
  for (const workspace of packages) {
    if (!existsSync(join(root, workspace, 'dist', 'index.js'))) throw new Error(`${workspace}/dist is not built: run \`npm run build\` first`);
  }
  await run('npm', ['pack', '--silent', '--pack-destination', destination, ...packages.flatMap((workspace) => ['-w', workspace])], { cwd: root, env: outsideEnv(), timeout: 60_000 });
  return readdirSync(destination)
    .filter((name) => name.endsWith('.tgz'))
    .map((name) => join(destination, name));
}

/** The version of `name` installed in this repository (so that npm finds it in the cache `npm ci` filled). */
export function installedVersion(name: string): string {
  return (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}
