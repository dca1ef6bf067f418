import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { freshDirectory, runCli } from '../helpers';
import { type Misbehaviour, writeAdversarialPlugin } from './adversarial-plugin';
import { CASE_SECONDS, expectContract, expectPrototypesClean, fuzzParameters } from './fuzz-settings';

/**
 * Adversarial plugins in-process (the looping ones need real signals: test/cli-stoppable.test.ts).
 * Contract: exit 4 naming the plugin (its name or its file), or 2 for a module that does not load;
 * no stack trace; a failure during the run leaves summary.json with status `failed`.
 */
const misbehaviour: fc.Arbitrary<Misbehaviour> = fc.oneof(
  fc.constantFrom<Misbehaviour>({ kind: 'import-throws' }, { kind: 'load-throws' }, { kind: 'constructor-throws' }, { kind: 'features-throws' }, { kind: 'density-nan' }, { kind: 'duplicate-name' }),
  // This one-state environment is asked for 24 rewards (8 probes, 16 grid nodes): each call can be the one that throws.
  fc.integer({ min: 0, max: 23 }).map((afterCalls): Misbehaviour => ({ kind: 'reward-throws', afterCalls })),
  fc.oneof(fc.constantFrom(0, -1, 2.5, 1e12, Number.NaN, '2', null, undefined, [], {}), fc.double(), fc.integer({ min: -5, max: 0 })).map((featureDim): Misbehaviour => ({ kind: 'feature-dim', featureDim })),
);

describe('fuzz: adversarial plugins', () => {
  it('every misbehaviour is exit 4 (or 2 for a module that does not load) naming the plugin', { timeout: 600_000 }, async () => {
    let serial = 0;
    await fc.assert(
      fc.asyncProperty(misbehaviour, async (how) => {
        const directory = freshDirectory();
        const name = `adversary-${serial++}`;
        const plugin = writeAdversarialPlugin(directory, name, how);
        const out = join(directory, 'out');
        const started = Date.now();
        const args = ['run', '--set', `env.name=${name}`, ...['particles.count=30', 'env.grid.actions=16', 'flow.horizon=0.5', 'monitor.sinks.plots=false'].flatMap((o) => ['--set', o]), '--plugin', plugin, '--no-progress', '--out', out];
        const result = await runCli(args);
        expectContract(result, [2, 4]);
        const file = `${name}-${how.kind}.mjs`;
        expect(result.stderr.includes(`'${name}'`) || result.stderr.includes(file), result.stderr).toBe(true);
        if (existsSync(join(out, 'summary.json'))) expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).status).toBe('failed');
        expectPrototypesClean();
        expect((Date.now() - started) / 1000).toBeLessThan(CASE_SECONDS);
      }),
      fuzzParameters(30),
    );
  });
});
