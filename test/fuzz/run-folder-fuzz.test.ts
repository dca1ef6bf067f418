import { appendFileSync, cpSync, existsSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkpointChecksum } from '../../packages/mfpg/src/checkpoints/checkpoint';
import { runExperiment } from '../../packages/mfpg/src/run-experiment';
import { freshDirectory, runCli } from '../helpers';
import { folderSnapshot } from './folder-snapshot';
import { CASE_SECONDS, expectContract, expectPrototypesClean, fuzzParameters } from './fuzz-settings';

/**
 * Damaged checkpoints and run folders. Contract of `mfpg resume`: refused (exit 2) with every file
 * byte-identical, or resumed to exactly the files of the uninterrupted run. Contract of `mfpg run
 * --out` into a folder holding anything: exit 2, every file byte-identical.
 *
 * A checkpoint is protected by its checksum against corruption; an edit that recomputes it is caught
 * by the checks of every field against the config and the files (types, ranges, lengths,
 * finiteness, metrics rows). A forged checkpoint that is consistent in every checked respect (other
 * finite particles of the right count, say) is not detectable and is not generated here.
 */
const overrides = ['particles.count=30', 'env.grid.states=8', 'env.grid.actions=8', 'flow.horizon=1', 'monitor.every=1', 'monitor.sinks.plots=false'];
const compared = ['metrics.jsonl', 'particles.json'];

let template: string;
let reference: Record<string, string>;

beforeAll(async () => {
  const base = freshDirectory();
  const complete = join(base, 'reference');
  await runExperiment({}, { overrides, out: complete });
  reference = Object.fromEntries(compared.map((name) => [name, readFileSync(join(complete, name), 'utf8')]));
  template = join(base, 'interrupted');
  const controller = new AbortController();
  await runExperiment({}, { overrides, out: template, checkpointEvery: 5, signal: controller.signal, onProgress: ({ step }) => step === 12 && controller.abort() });
});

type Damage = (directory: string) => void;

const damageValue = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.constantFrom(-1, 0, 1, 2.5, 1e308, -0, null, true, 'x', '', [], {}, [1, 2, 3], { algorithm: 'x', words: [], spareNormal: null }),
  fc.double(),
  fc.string({ maxLength: 20 }),
);
const fields = ['format', 'mfpg', 'configHash', 'step', 't', 'metricsBytes', 'every', 'particleCount', 'dim', 'theta', 'random', 'integrator', 'metricMemory', 'checksum'];

const editCheckpoint = (edit: (checkpoint: Record<string, unknown>) => void, recompute: boolean): Damage => (directory) => {
  const path = join(directory, 'checkpoint.json');
  let checkpoint: Record<string, unknown>;
  try {
    checkpoint = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return; // An earlier damage already removed or cut the file: nothing left to edit.
  }
  edit(checkpoint);
  if (recompute) checkpoint.checksum = checkpointChecksum(checkpoint as never);
  writeFileSync(path, JSON.stringify(checkpoint));
};

const thetaDamage = fc.oneof(
  fc.nat(3000).map((bytes) => Buffer.alloc(bytes).toString('base64')),
  fc.tuple(fc.nat(179), fc.constantFrom(Number.NaN, Infinity, -Infinity)).map(([index, bad]) => (theta: string) => {
    const bytes = Buffer.from(theta, 'base64');
    if (bytes.byteLength % 8 !== 0 || bytes.byteLength === 0) return theta;
    const values = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    values[index % values.length] = bad;
    return Buffer.from(values.buffer).toString('base64');
  }),
);

const damage: fc.Arbitrary<[string, Damage]> = fc.oneof(
  fc.tuple(fc.constantFrom(...fields), damageValue, fc.boolean()).map(([field, value, recompute]): [string, Damage] => [`${field} = ${JSON.stringify(value)}${recompute ? ' (checksum recomputed)' : ''}`, editCheckpoint((c) => (c[field] = value), recompute)]),
  fc.tuple(thetaDamage, fc.boolean()).map(([bad, recompute]): [string, Damage] => [
    `theta damaged${recompute ? ' (checksum recomputed)' : ''}`,
    editCheckpoint((c) => (c.theta = typeof bad === 'string' ? bad : typeof c.theta === 'string' ? bad(c.theta) : c.theta), recompute),
  ]),
  fc.tuple(fc.integer({ min: -500, max: 500 })).map(([delta]): [string, Damage] => [`metricsBytes ${delta >= 0 ? '+' : ''}${delta}`, editCheckpoint((c) => (c.metricsBytes = (c.metricsBytes as number) + delta), true)]),
  fc.tuple(fc.constantFrom('checkpoint.json', 'metrics.jsonl', 'config.json'), fc.double({ min: 0, max: 1, noNaN: true })).map(([name, fraction]): [string, Damage] => [`${name} truncated at ${fraction.toFixed(3)}`, (directory) => {
    const path = join(directory, name);
    if (existsSync(path)) truncateSync(path, Math.floor(statSync(path).size * fraction));
  }]),
  fc.constantFrom('checkpoint.json', 'metrics.jsonl', 'config.json', 'summary.json', 'particles.json').map((name): [string, Damage] => [`${name} deleted`, (directory) => rmSync(join(directory, name), { force: true })]),
  fc.string({ maxLength: 40 }).map((garbage): [string, Damage] => [`metrics.jsonl + ${JSON.stringify(garbage)}`, (directory) => existsSync(join(directory, 'metrics.jsonl')) && appendFileSync(join(directory, 'metrics.jsonl'), garbage)]),
);

describe('fuzz: damaged checkpoints and run folders', () => {
  it('resume: refused with every file unchanged, or resumed to the uninterrupted bytes', { timeout: 900_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(damage, { minLength: 1, maxLength: 2 }), async (damages) => {
        const out = join(freshDirectory(), 'run');
        cpSync(template, out, { recursive: true });
        for (const [, apply] of damages) apply(out);
        const before = folderSnapshot(out);
        const started = Date.now();
        const result = await runCli(['resume', out, '--no-progress']);
        expectContract(result, [0, 2]);
        if (result.code === 2) {
          expect(folderSnapshot(out), result.stderr).toEqual(before);
        } else {
          for (const name of compared) expect(readFileSync(join(out, name), 'utf8'), `${name} after ${damages.map(([label]) => label).join(', ')}`).toBe(reference[name]);
        }
        expectPrototypesClean();
        expect((Date.now() - started) / 1000).toBeLessThan(CASE_SECONDS);
      }),
      fuzzParameters(50),
    );
  });

  it('run --out into a folder holding anything: exit 2, every file unchanged', { timeout: 600_000 }, async () => {
    const names = fc.oneof(fc.constantFrom('config.json', 'metrics.jsonl', 'summary.json', 'particles.json', 'checkpoint.json', 'metrics.csv', 'value.svg', 'sweep.json', 'replica-0', '.hidden'), fc.stringMatching(/^[a-z0-9._-]{1,12}$/).filter((name) => name !== '.' && name !== '..'));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(names, fc.string({ maxLength: 30 }), { minKeys: 1, maxKeys: 4 }), fc.boolean(), async (files, useTemplate) => {
        const out = join(freshDirectory(), 'run');
        if (useTemplate) cpSync(template, out, { recursive: true });
        else cpSync(freshDirectory(), out, { recursive: true });
        for (const [name, content] of Object.entries(files)) writeFileSync(join(out, name), content);
        const before = folderSnapshot(out);
        const result = await runCli(['run', ...overrides.flatMap((o) => ['--set', o]), '--no-progress', '--out', out]);
        expectContract(result, [2]);
        expect(result.stderr).toMatch(/--out/);
        expect(folderSnapshot(out)).toEqual(before);
      }),
      fuzzParameters(20),
    );
  });
});
