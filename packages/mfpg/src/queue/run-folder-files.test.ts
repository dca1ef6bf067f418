import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { fileText, readRunFolder, writeRunFolder } from './run-folder-files';

const fresh = () => mkdtempSync(join(tmpdir(), 'mfpg-run-folder-'));

describe('run folder files', () => {
  it('carry a folder, binary files and subfolders included, through JSON; skipped names stay behind', () => {
    const from = fresh();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x0d, 0x0a]);
    writeFileSync(join(from, 'metrics.jsonl'), '{"t":0}\n');
    writeFileSync(join(from, 'plot.png'), png);
    writeFileSync(join(from, 'checkpoint.json'), '{}');
    mkdirSync(join(from, 'replica-1'));
    writeFileSync(join(from, 'replica-1', 'summary.json'), '{"status":"completed"}');
    const files = JSON.parse(JSON.stringify(readRunFolder(from, new Set(['checkpoint.json']))));
    expect(Object.keys(files).sort()).toEqual(['metrics.jsonl', 'plot.png', 'replica-1/summary.json']);
    expect(fileText(files, 'metrics.jsonl')).toBe('{"t":0}\n');
    const to = join(fresh(), 'run');
    writeRunFolder(to, files);
    expect(readFileSync(join(to, 'plot.png')).equals(png)).toBe(true);
    expect(readFileSync(join(to, 'replica-1', 'summary.json'), 'utf8')).toBe('{"status":"completed"}');
    expect(readdirSync(to).sort()).toEqual(['metrics.jsonl', 'plot.png', 'replica-1']);
  });

  it('refuse names that would leave the folder, before writing anything', () => {
    const to = join(fresh(), 'run');
    for (const name of ['../evil', '/etc/evil', 'a/../../evil', '.', 'a\\b']) {
      expect(() => writeRunFolder(to, { 'summary.json': 'e30=', [name]: 'AA==' }), name).toThrow(ConfigError);
    }
    expect(() => readdirSync(to)).toThrow();
  });
});
