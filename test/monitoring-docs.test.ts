import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const docs = readFileSync(join(import.meta.dirname, '..', 'docs', 'monitoring.md'), 'utf8');

/** The TypeScript block right after the "tested by" marker in docs/monitoring.md. */
function testedSnippet(): string {
  const match = /<!-- tested by test\/monitoring-docs\.test\.ts[^>]*-->\n```ts\n([\s\S]*?)```/.exec(docs);
  if (!match) throw new Error('docs/monitoring.md has no tested ```ts block');
  return match[1];
}

describe('docs/monitoring.md', () => {
  it('runs the custom pipeline snippet as written, logging the contract and the custom keys', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'mfpg-docs-')), 'custom-pipeline.ts');
    writeFileSync(path, testedSnippet());
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      await import(/* @vite-ignore */ path);
    } finally {
      log.mockRestore();
    }
    // horizon 2, dt 0.05: 40 steps, a row (both metrics) at steps 0, 10, 20, 30 and 40 (the final state).
    expect(lines.map((line) => /^t = ([\d.]+):/.exec(line)?.[1])).toEqual(['0', '0.5', '1', '1.5', '2']);
    for (const line of lines) expect(line).toMatch(/^t = [\d.]+: J = -?\d+\.\d+(e-?\d+)?, max \|θ\| = \d+\.\d+$/);
  });
});
