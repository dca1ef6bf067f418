import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError, type PluginRecord } from '@mfpg/core';
import { Container, ContainerModule, type ContainerModuleLoadOptions } from 'inversify';
import { rememberPluginFile } from './plugin-files';

/** The plugin modules of a run and what config.json records about them (absolute path, content hash). */
export interface LoadedPlugins {
  readonly modules: ContainerModule[];
  readonly records: PluginRecord[];
}

const TYPESCRIPT = /\.[mc]?tsx?$/i;

function isContainerModule(value: unknown): value is ContainerModule {
  return typeof value === 'object' && value !== null && typeof (value as ContainerModule).load === 'function' && 'id' in value;
}

/** SHA-256 of a file's bytes, hex: what config.json records to tell a changed plugin apart. */
export function pluginHash(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * tsx's ESM API (`tsx/esm/api`) as installed next to `from`, found through tsx's package.json
 * exports map (a CommonJS `require.resolve` would pick its CommonJS build); undefined without tsx.
 */
function findTsxApi(from: string): string | undefined {
  try {
    const manifest = createRequire(from).resolve('tsx/package.json');
    const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: Record<string, { import?: { default?: string } }> };
    const entry = exports?.['./esm/api']?.import?.default;
    return entry === undefined ? undefined : resolve(dirname(manifest), entry);
  } catch {
    return undefined;
  }
}

/**
 * A TypeScript plugin is imported through tsx's `tsImport`, found from the plugin's own folder (the
 * user's project) or else next to mfpg; without tsx it can only load under a TypeScript loader.
 */
async function importTypeScript(path: string, file: string): Promise<Record<string, unknown>> {
  const api = findTsxApi(path) ?? findTsxApi(fileURLToPath(import.meta.url));
  if (api !== undefined) {
    const { tsImport } = (await import(pathToFileURL(api).href)) as { tsImport: (specifier: string, parent: string) => Promise<Record<string, unknown>> };
    return tsImport(pathToFileURL(path).href, import.meta.url);
  }
  try {
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    // Node without a TypeScript loader does not know the extension; other errors are the module's own.
    if ((error as { code?: unknown }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    throw ConfigError.of('--plugin', file, 'a TypeScript plugin with tsx installed to load it (`npm install -D tsx`), or the plugin compiled to JavaScript (.js, .mjs, .cjs)');
  }
}

async function importPlugin(path: string, file: string): Promise<Record<string, unknown>> {
  try {
    return TYPESCRIPT.test(path) ? await importTypeScript(path, file) : ((await import(pathToFileURL(path).href)) as Record<string, unknown>);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw ConfigError.of('--plugin', file, `a module that loads (${(error as Error).message})`);
  }
}

/** A token as a message names it: a symbol by its key or description, a class by its name. */
function describeToken(id: unknown): string {
  return typeof id === 'symbol' ? (Symbol.keyFor(id) ?? id.description ?? String(id)) : typeof id === 'function' ? id.name : String(id);
}

/** Whether the run reads `id`: mfpg's tokens are `Symbol.for('mfpg.<Name>')`, one per process. */
function isMfpgToken(id: unknown): boolean {
  return typeof id === 'symbol' && Symbol.keyFor(id)?.startsWith('mfpg.') === true;
}

/**
 * Loads `modules` into a scratch container, recording what they bind, and rejects a file whose
 * modules bind nothing the run reads: it would otherwise be silently ignored, and the run would
 * only later say the plugin's name is unknown.
 */
async function requireRegistrations(modules: readonly ContainerModule[], file: string): Promise<void> {
  const bound: unknown[] = [];
  const recording = modules.map(
    (module) =>
      new ContainerModule((options: ContainerModuleLoadOptions) =>
        module.load({
          ...options,
          bind: (id) => {
            bound.push(id);
            return options.bind(id);
          },
          rebind: (id) => {
            bound.push(id);
            return options.rebind(id);
          },
        }),
      ),
  );
  await new Container().loadAsync(...recording);
  if (bound.some(isMfpgToken)) return;
  if (bound.length === 0) {
    throw ConfigError.of('--plugin', file, 'a module that registers plugins: its ContainerModule registered no plugin (call bindPlugin(options, { point, name, … }, …) inside it)');
  }
  const tokens = [...new Set(bound.map(describeToken))].join(', ');
  throw ConfigError.of(
    '--plugin',
    file,
    `a module that registers plugins with mfpg's tokens: its ContainerModule bound only ${tokens}, which no mfpg run reads (import bindPlugin and the tokens from the mfpg package, version ≥ 0.1.0)`,
  );
}

async function loadPluginFile(path: string, file: string): Promise<ContainerModule[]> {
  const exports = await importPlugin(path, file);
  const found = [...new Set(Object.values(exports).filter(isContainerModule))];
  if (found.length === 0) {
    const names = Object.keys(exports).join(', ') || 'nothing';
    throw ConfigError.of('--plugin', file, `a module exporting an inversify ContainerModule (default or named) that registers plugins with bindPlugin; it exports no ContainerModule (its exports: ${names})`);
  }
  await requireRegistrations(found, file);
  return found;
}

/**
 * Loads the plugins of a run: those `recorded` in its config (`plugins`, absolute paths or relative
 * to `base`, each checked against its recorded SHA-256 so a re-run uses exactly the code of the
 * original), then the `--plugin` `files`. A file given with --plugin is recorded afresh (its hash
 * now), which is how a changed plugin is accepted on purpose. Each file is loaded once.
 *
 * JavaScript plugins (.js, .mjs, .cjs) are imported; TypeScript ones (.ts, .mts, .cts) through tsx.
 * Tokens are `Symbol.for('mfpg.<Name>')`, so the ESM and CommonJS copies of mfpg share them.
 * @throws ConfigError naming the file: missing, changed since recorded, not loadable, exporting no
 *   ContainerModule, or registering nothing a run reads.
 */
export async function loadPlugins(files: readonly string[], recorded: readonly PluginRecord[] = [], base = process.cwd()): Promise<LoadedPlugins> {
  const given = new Map(files.map((file) => [resolve(file), file]));
  const pending = new Map<string, { file: string; field: string; sha256?: string }>();
  recorded.forEach((record, index) => {
    const path = resolve(base, record.path);
    if (!given.has(path)) pending.set(path, { file: record.path, field: `plugins[${index}]`, sha256: record.sha256 });
  });
  for (const [path, file] of given) pending.set(path, { file, field: '--plugin' });

  const modules: ContainerModule[] = [];
  const records: PluginRecord[] = [];
  for (const [path, { file, field, sha256 }] of pending) {
    // A regular file only: a device such as /dev/zero would be read (hashed, imported) forever.
    if (!existsSync(path) || !statSync(path).isFile()) {
      const allowed =
        sha256 === undefined
          ? 'the path of an existing plugin module (.js, .mjs, .cjs, or .ts with tsx installed) exporting a ContainerModule'
          : `the plugin file this run was made with (recorded in its config.json, sha256 ${sha256}); it is missing: restore it, or give its new location with --plugin`;
      throw ConfigError.of(sha256 === undefined ? field : `${field}.path`, file, allowed);
    }
    const hash = pluginHash(path);
    if (sha256 !== undefined && hash !== sha256) {
      throw ConfigError.of(
        `${field}.sha256`,
        sha256,
        `the hash of ${path} as it is now (${hash}): the plugin changed since the run was recorded; restore that version, or pass --plugin ${file} to run with the new one`,
      );
    }
    rememberPluginFile(file, path);
    modules.push(...(await loadPluginFile(path, file)));
    records.push({ path, sha256: hash });
  }
  return { modules, records };
}

/** The plugin modules of `files` (`--plugin`), loaded and checked as {@link loadPlugins} does. */
export async function loadPluginModules(files: readonly string[]): Promise<ContainerModule[]> {
  return (await loadPlugins(files)).modules;
}

/** The folder a config file's relative plugin paths are relative to. */
export function pluginBase(configPath: string | undefined): string {
  return configPath === undefined ? process.cwd() : dirname(resolve(configPath));
}
