import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDirectory, runCli } from './helpers';

/**
 * Each study at the tiny budget through the CLI: every claim it checks must hold (exit 0), and it
 * writes report.md, results.json and its SVG figures. The tolerances are the studies' own (see
 * docs/experiments.md): estimator noise measured along the path, 4/√N for the order parameter,
 * 10% on σc, 20% on the rate ratio, 0.15 on log–log slopes, 25% on the envelope identities.
 */
describe('mfpg experiment NAME --budget tiny', () => {
  const claims = (directory: string) => (JSON.parse(readFileSync(join(directory, 'results.json'), 'utf8')) as { claims: { statement: string; holds: boolean; evidence: string }[] }).claims;

  for (const [name, count] of [
    ['monotonicity', 3],
    ['convergence', 2],
    ['uniqueness', 3],
    ['sensitivity', 5],
  ] as const) {
    it(`${name}: its claims hold`, { timeout: 120_000 }, async () => {
      const out = join(freshDirectory(), name);
      const { code, stdout, stderr } = await runCli(['experiment', name, '--budget', 'tiny', '--out', out]);
      expect(stderr).toBe('');
      const found = claims(out);
      expect(found).toHaveLength(count);
      for (const claim of found) expect(claim.holds, `${claim.statement}: ${claim.evidence}`).toBe(true);
      expect(code).toBe(0);
      expect(stdout).toContain('report.md');
      const report = readFileSync(join(out, 'report.md'), 'utf8');
      for (const figure of report.match(/\(([\w-]+\.svg)\)/g) ?? []) expect(existsSync(join(out, figure.slice(1, -1)))).toBe(true);
      expect(report).toContain('## Claims');
    });
  }

  it('rejects an unknown study or budget with exit 2', async () => {
    const unknown = await runCli(['experiment', 'nope', '--budget', 'tiny']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('monotonicity, convergence, uniqueness, sensitivity');
    const budget = await runCli(['experiment', 'uniqueness', '--budget', 'huge']);
    expect(budget.code).toBe(2);
    expect(budget.stderr).toContain('tiny, small, full');
  });
});
