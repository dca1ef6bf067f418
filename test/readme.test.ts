import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');

describe('README.md', () => {
  it('opens with the two commands: the default run and the tests', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(firstBlock).toContain('npx mfpg run');
    expect(firstBlock).toContain('npm test');
    expect(readFileSync(join(import.meta.dirname, '..', '.ci', 'run'), 'utf8')).toMatch(/^npm test$/m);
  });

  it('runs the "From code" snippet as written', async () => {
    const snippet = /<!-- tested by test\/readme\.test\.ts[^>]*-->\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet).toBeDefined();
    const path = join(mkdtempSync(join(tmpdir(), 'mfpg-readme-')), 'from-code.ts');
    writeFileSync(path, snippet!);
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      await import(/* @vite-ignore */ path);
    } finally {
      log.mockRestore();
    }
    // horizon 1, dt 0.05: 20 steps, rows at steps 0, 10 and the final state (t = 1).
    expect(lines.map((line) => /^t = ([\d.]+):/.exec(line)?.[1])).toEqual(['0', '0.5', '1']);
    for (const line of lines) expect(line).toMatch(/^t = [\d.]+: F = -?\d+\.\d{4}, J = -?\d+\.\d{4}$/);
  });
});
