import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@mfpg/core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlugins } from './load-plugins';

// Plugin files without imports: a ContainerModule is recognised by its shape ({ id, load }), so
// these load from a temporary folder that has no node_modules.
const folder = mkdtempSync(join(tmpdir(), 'mfpg-load-plugins-'));
const write = (name: string, text: string) => {
  writeFileSync(join(folder, name), text);
  return join(folder, name);
};
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const environmentPlugin = "export default { id: 9001, load(options) { options.bind(Symbol.for('mfpg.Environment')).toConstantValue({}); } };\n";
const registers = write('registers.mjs', environmentPlugin);
const registersCjs = write('registers.cjs', environmentPlugin.replace('export default', 'module.exports ='));
const empty = write('empty.mjs', 'export default { id: 9002, load() {} };\n');
const ownToken = write('own-token.mjs', "export const plugins = { id: 9003, load(options) { options.bind(Symbol('Environment')).toConstantValue({}); } };\n");
const noModule = write('no-module.mjs', 'export const answer = 42;\n');

/** The ConfigError `loadPlugins(...)` throws, or a failure if it resolves. */
async function configError(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('loadPlugins', () => {
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('records each --plugin file by absolute path and the SHA-256 of its bytes, ES modules and CommonJS alike', async () => {
    const { modules, records } = await loadPlugins([registers, registersCjs]);
    expect(modules).toHaveLength(2);
    expect(records).toEqual([
      { path: registers, sha256: sha256(environmentPlugin) },
      { path: registersCjs, sha256: sha256(environmentPlugin.replace('export default', 'module.exports =')) },
    ]);
  });

  it('loads a recorded plugin again, relative paths from the config folder, each file once', async () => {
    const recorded = [{ path: 'registers.mjs', sha256: sha256(environmentPlugin) }];
    expect((await loadPlugins([], recorded, folder)).records).toEqual([{ path: registers, sha256: sha256(environmentPlugin) }]);
    const both = await loadPlugins([registers], recorded, folder);
    expect(both.modules).toHaveLength(1);
  });

  it('a recorded plugin that changed is refused with both hashes; giving it with --plugin records the new one', async () => {
    const stale = 'a'.repeat(64);
    const error = await configError(loadPlugins([], [{ path: registers, sha256: stale }]));
    expect(error.issues[0]).toMatchObject({ field: 'plugins[0].sha256', given: stale });
    expect(error.message).toContain(`${registers} as it is now (${sha256(environmentPlugin)})`);
    expect((await loadPlugins([registers], [{ path: registers, sha256: stale }])).records[0].sha256).toBe(sha256(environmentPlugin));
  });

  it('a recorded plugin that is missing is refused naming its path', async () => {
    const missing = join(folder, 'gone.mjs');
    const error = await configError(loadPlugins([], [{ path: missing, sha256: 'b'.repeat(64) }]));
    expect(error.issues[0]).toMatchObject({ field: 'plugins[0].path', given: missing });
    expect(error.message).toContain('it is missing');
  });

  it('a module that registers nothing, binds only foreign tokens, or exports no ContainerModule is refused saying why', async () => {
    expect((await configError(loadPlugins([empty]))).message).toContain('registered no plugin');
    expect((await configError(loadPlugins([ownToken]))).message).toContain('bound only Environment, which no mfpg run reads');
    const error = await configError(loadPlugins([noModule]));
    expect(error.issues[0]).toMatchObject({ field: '--plugin', given: noModule });
    expect(error.message).toContain('exports no ContainerModule (its exports: answer)');
  });
});
