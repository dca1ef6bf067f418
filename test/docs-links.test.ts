import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfig } from 'mfpg';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * Docs that stay true: every relative link of README.md and docs/ reaches a file (and, for
 * `file.md#anchor`, a heading of that file); every `docs/math.md §k` citation names a section that
 * exists; the README's configuration table gives the defaults the schema actually has.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const documents = ['README.md', ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** The text outside fenced code blocks and inline code, where links are links. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading anchors: lower case, punctuation dropped (letters of any script, digits, `-` and `_` kept), spaces to dashes. */
function anchors(markdown: string): Set<string> {
  const headings = prose(markdown).match(/^#{1,6} .*$/gm) ?? [];
  const slugs = new Set<string>();
  for (const heading of headings.map((line) => line.replace(/^#+ /, ''))) {
    const base = heading
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    let slug = base;
    for (let n = 1; slugs.has(slug); n++) slug = `${base}-${n}`;
    slugs.add(slug);
  }
  return slugs;
}

/** Headings of the raw markdown, with inline code kept (GitHub keeps the code's text in the anchor). */
function headingAnchors(markdown: string): Set<string> {
  return anchors(markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`([^`\n]*)`/g, '$1'));
}

function links(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1]);
}

describe('docs: links', () => {
  it('finds the documents and their links (the checker itself)', () => {
    expect(documents).toEqual(expect.arrayContaining(['README.md', 'docs/math.md', 'docs/plugins.md']));
    expect(links('[a](b.md) `[c](d.md)` [e](f.md#g "title")')).toEqual(['b.md', 'f.md#g']);
    expect([...headingAnchors('# Plugins: your own `env`\n## 5. Measuring it\n## Spaces (for you)\n')]).toEqual(['plugins-your-own-env', '5-measuring-it', 'spaces-for-you']);
  });

  it.each(documents)('every relative link of %s resolves', (document) => {
    const broken: string[] = [];
    for (const link of links(read(document))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto:
      const [path, anchor] = link.split('#') as [string, string | undefined];
      const target = path === '' ? join(root, document) : resolve(join(root, dirname(document)), decodeURIComponent(path));
      if (!target.startsWith(root)) {
        broken.push(`${link} (outside the repository)`);
        continue;
      }
      if (!existsSync(target)) {
        broken.push(`${link} (no ${relative(root, target)})`);
        continue;
      }
      if (anchor !== undefined && statSync(target).isFile() && target.endsWith('.md') && !headingAnchors(readFileSync(target, 'utf8')).has(anchor)) {
        broken.push(`${link} (no heading #${anchor} in ${relative(root, target)})`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('every docs/math.md §k cited in the docs and the code names a section of docs/math.md', () => {
    const sections = new Set([...read('docs/math.md').matchAll(/^## (\d+)\. /gm)].map((match) => match[1]));
    expect([...sections]).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    const files = [...documents, ...['packages', 'test', 'examples', 'bench', 'scripts'].flatMap((folder) => sourceFiles(join(root, folder)).map((file) => relative(root, file)))];
    const bad: string[] = [];
    for (const file of files) {
      for (const match of read(file).matchAll(/docs\/math\.md §(\d+)/g)) if (!sections.has(match[1])) bad.push(`${file}: §${match[1]}`);
    }
    expect(bad).toEqual([]);
  });
});

function sourceFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) return [];
    const path = join(folder, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : /\.(ts|mjs|js|md)$/.test(entry.name) ? [path] : [];
  });
}

/** The README's "Configuration" table: one row per key (or keys), its default and meaning. */
function configurationTable(): { keys: string[]; defaults: string }[] {
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1));
  return section
    .split('\n')
    .filter((line) => /^\| `/.test(line))
    .map((line) => {
      const [keyCell, defaultCell] = line.split(/(?<!\\)\|/).slice(1, 3).map((cell) => cell.trim());
      return { keys: [...keyCell.matchAll(/`([^`]+)`/g)].map((match) => match[1]), defaults: defaultCell };
    });
}

function at(config: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], config);
}

function leaves(node: unknown, prefix: string): string[] {
  if (node === null || typeof node !== 'object' || Array.isArray(node) || Object.keys(node).length === 0) return [prefix];
  return Object.entries(node).flatMap(([key, value]) => leaves(value, prefix ? `${prefix}.${key}` : key));
}

describe("docs: the README's configuration table", () => {
  const rows = configurationTable();

  it('gives, for every key with a default, exactly the default of the schema', () => {
    expect(rows.length).toBeGreaterThan(20);
    const wrong: string[] = [];
    for (const { keys, defaults } of rows) {
      const cells = keys.length > 1 && defaults.includes(', ') && !defaults.includes('{') ? defaults.split(', ') : keys.map(() => defaults);
      keys.forEach((key, index) => {
        const actual = at(defaultConfig, key);
        if (actual === undefined) return; // optional keys: the cell describes what applies instead
        const literal = cells[index].replace(/`/g, '');
        let documented: unknown;
        try {
          documented = parse(literal);
        } catch {
          documented = literal;
        }
        if (JSON.stringify(documented) !== JSON.stringify(actual)) wrong.push(`${key}: README ${cells[index]}, schema ${JSON.stringify(actual)}`);
      });
    }
    expect(wrong).toEqual([]);
  });

  it('covers every field of the default configuration', () => {
    const documented = rows.flatMap((row) => row.keys);
    const missing = leaves(defaultConfig, '').filter((leaf) => !documented.some((key) => leaf === key || leaf.startsWith(`${key}.`) || key.startsWith(`${leaf}.`)));
    expect(missing).toEqual([]);
  });

  it('documents optional keys without pretending they have a literal default', () => {
    for (const { keys, defaults } of rows) {
      for (const key of keys) if (at(defaultConfig, key) === undefined) expect(`${key}: ${defaults}`).not.toMatch(/: `?-?\d+(\.\d+)?`?$/);
    }
  });
});
