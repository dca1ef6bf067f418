import * as fs from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { STACK_TRACE } from './fuzz/folder-snapshot';
import { freshDirectory, runCli, withOverrides } from './helpers';

/**
 * A full disk, simulated by injecting ENOSPC into the writes of chosen files (a tmpfs would need
 * root): the temporary file is removed, the message says what happened where, summary.json
 * records the failure when there is room for it, and no stack trace is printed.
 */
const failing: { pattern: RegExp | null } = { pattern: null };
/** Descriptors of files opened under `failing.pattern`: their writeSync calls fail. */
const failingDescriptors = new Set<number>();

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const writeFileSync: typeof actual.writeFileSync = (path, data, options) => {
    if (failing.pattern?.test(String(path))) {
      // What a full disk does: the file is created, nothing fits in it.
      actual.writeFileSync(path, '');
      throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC', errno: -28, syscall: 'write', path: String(path) });
    }
    return actual.writeFileSync(path, data, options);
  };
  const openSync = ((path: string, ...rest: unknown[]) => {
    const fd = (actual.openSync as (...args: unknown[]) => number)(path, ...rest);
    if (failing.pattern?.test(String(path))) failingDescriptors.add(fd);
    return fd;
  }) as typeof actual.openSync;
  const writeSync = ((fd: number, ...rest: unknown[]) => {
    if (failingDescriptors.has(fd)) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    return (actual.writeSync as (...args: unknown[]) => number)(fd, ...rest);
  }) as typeof actual.writeSync;
  const replaced = { writeFileSync, openSync, writeSync };
  return { ...actual, ...replaced, default: { ...actual, ...replaced } };
});

const run = withOverrides('particles.count=40', 'env.grid.states=12', 'env.grid.actions=12', 'flow.horizon=1', 'monitor.sinks.plots=false');

afterEach(() => {
  failing.pattern = null;
  failingDescriptors.clear();
});

describe('a full disk', () => {
  it('while writing a checkpoint: exit 1, no temporary file left, summary.json says failed', async () => {
    const out = join(freshDirectory(), 'run');
    failing.pattern = /checkpoint\.json\.\d+\.tmp$/;
    const { code, stderr } = await runCli(['run', ...run, '--checkpoint-every', '5', '--out', out]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/no space left on the device \(ENOSPC\) writing .*checkpoint\.json/);
    expect(stderr).not.toMatch(STACK_TRACE);
    expect(fs.readdirSync(out).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const summary = JSON.parse(fs.readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.status).toBe('failed');
    expect(summary.error).toMatch(/ENOSPC/);
  });

  it('while writing summary.json itself: exit 1, no temporary file, the metrics kept', async () => {
    const out = join(freshDirectory(), 'run');
    failing.pattern = /summary\.json\.\d+\.tmp$/;
    const { code, stderr } = await runCli(['run', ...run, '--out', out]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/ENOSPC.*summary\.json/);
    expect(stderr).not.toMatch(STACK_TRACE);
    expect(fs.readdirSync(out).sort()).toEqual(['config.json', 'metrics.jsonl', 'particles.json']);
    // Rows of steps 0, 10 and 20 (monitor.every = 10).
    expect(fs.readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('while appending to metrics.jsonl: exit 1 naming it, summary.json says failed', async () => {
    const out = join(freshDirectory(), 'run');
    failing.pattern = /metrics\.jsonl$/;
    const { code, stderr } = await runCli(['run', ...run, '--out', out]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/metrics\.jsonl.*ENOSPC/);
    expect(stderr).not.toMatch(STACK_TRACE);
    expect(JSON.parse(fs.readFileSync(join(out, 'summary.json'), 'utf8')).status).toBe('failed');
  });

  it('while claiming the folder (config.json): exit 1, nothing but the empty folder left', async () => {
    const out = join(freshDirectory(), 'run');
    failing.pattern = /config\.json\.\d+\.tmp$/;
    const { code, stderr } = await runCli(['run', ...run, '--out', out]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/ENOSPC.*config\.json/);
    expect(fs.readdirSync(out)).toEqual([]);
  });
});
