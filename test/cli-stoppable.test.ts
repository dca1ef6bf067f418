import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeAdversarialPlugin } from './fuzz/adversarial-plugin';
import { STACK_TRACE } from './fuzz/folder-snapshot';
import { freshDirectory } from './helpers';

/**
 * Always stoppable (docs/reliability.md): real processes and real signals, since a plugin stuck in a
 * synchronous loop blocks the thread that runs it. The CLI runs from the sources with tsx.
 */
const repository = fileURLToPath(new URL('..', import.meta.url));
const bin = join(repository, 'packages/mfpg/src/cli/bin.ts');
const cli = [process.execPath, '--import', 'tsx', bin];
const small = ['particles.count=40', 'env.grid.states=8', 'env.grid.actions=8', 'flow.horizon=1', 'monitor.sinks.plots=false'].flatMap((override) => ['--set', override]);
// Under node_modules, so a spawned plugin resolves inversify as a user's would; it takes mfpg from the sources the CLI runs.
const pluginDirectory = join(repository, 'node_modules', '.cache', 'mfpg-stoppable');
const mfpgSources = pathToFileURL(join(repository, 'packages/mfpg/src/index.ts')).href;

function start(args: string[], env: NodeJS.ProcessEnv = process.env): { child: ChildProcess; done: Promise<{ code: number | null; stderr: string; seconds: number }> } {
  const started = Date.now();
  const child = spawn(cli[0], [...cli.slice(1), ...args], { cwd: repository, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; stderr: string; seconds: number }>((resolveDone) =>
    child.on('close', (code) => resolveDone({ code, stderr, seconds: (Date.now() - started) / 1000 })),
  );
  return { child, done };
}

const until = async (condition: () => boolean, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
  }
};

describe('always stoppable', { timeout: 120_000 }, () => {
  mkdirSync(pluginDirectory, { recursive: true });

  it('a plugin looping in reward(): one Ctrl-C stops it within the answer window, exit 130', async () => {
    const marker = join(freshDirectory(), 'looping');
    const plugin = writeAdversarialPlugin(pluginDirectory, 'reward-loop', { kind: 'reward-loop', afterCalls: 2, marker }, mfpgSources);
    const { child, done } = start(['run', ...small, '--set', 'env.name=reward-loop', '--plugin', plugin, '--no-progress', '--out', join(freshDirectory(), 'out')]);
    await until(() => existsSync(marker));
    const signalled = Date.now();
    child.kill('SIGINT');
    const { code, stderr } = await done;
    expect(code).toBe(130);
    expect(stderr).toMatch(/did not answer the interrupt/);
    // The answer window is 3 s; 10 s leaves room for a loaded machine.
    expect((Date.now() - signalled) / 1000).toBeLessThan(10);
  });

  it('a plugin looping at import: a second Ctrl-C stops at once, exit 130', async () => {
    const marker = join(freshDirectory(), 'looping');
    const plugin = writeAdversarialPlugin(pluginDirectory, 'import-loop', { kind: 'import-loop', marker }, mfpgSources);
    const { child, done } = start(['run', ...small, '--plugin', plugin, '--no-progress']);
    await until(() => existsSync(marker));
    const signalled = Date.now();
    child.kill('SIGINT');
    // Two signals sent at once are delivered as one: the second comes a moment later, as a person's would.
    await new Promise((resolveWait) => setTimeout(resolveWait, 300));
    child.kill('SIGINT');
    const { code, stderr } = await done;
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted again: stopped at once/);
    expect((Date.now() - signalled) / 1000).toBeLessThan(3);
  });

  it('a plugin that does not return within --plugin-timeout is a plugin error naming it, exit 4', async () => {
    const plugin = writeAdversarialPlugin(pluginDirectory, 'slow', { kind: 'reward-loop', afterCalls: 2 }, mfpgSources);
    const { code, stderr } = await start(['run', ...small, '--set', 'env.name=slow', '--plugin', plugin, '--plugin-timeout', '2', '--no-progress', '--out', join(freshDirectory(), 'out')]).done;
    expect(code).toBe(4);
    expect(stderr).toMatch(/plugin .*slow-reward-loop\.mjs: did not return within 2 s/);
    expect(stderr).not.toMatch(STACK_TRACE);
  });

  it('a SIGKILLed sweep leaves no worker running: each stops itself, its run completed as interrupted', async () => {
    const out = join(freshDirectory(), 'sweep');
    const long = ['--set', 'flow.horizon=1000', '--set', 'monitor.every=50'];
    const env = { ...process.env, MFPG_WORKER_COMMAND: JSON.stringify(cli) };
    const { child, done } = start(['sweep', ...small, ...long, '--grid', 'seed=0,1', '--workers', '2', '--checkpoint-every', '20', '--out', out], env);
    const runs = join(out, 'runs');
    await until(() => existsSync(runs) && readdirSync(runs).length === 2 && readdirSync(runs).every((id) => existsSync(join(runs, id, 'checkpoint.json'))), 90_000);
    child.kill('SIGKILL');
    await done;
    // The workers notice within half a second, stop cleanly (checkpoint, summary) and exit.
    await until(() => readdirSync(runs).every((id) => existsSync(join(runs, id, 'summary.json'))), 30_000);
    for (const id of readdirSync(runs)) expect(JSON.parse(readFileSync(join(runs, id, 'summary.json'), 'utf8')).status).toBe('interrupted');
  });
});
