import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvFormat } from './csv-format';
import { JsonlFormat } from './jsonl-format';

const folder = () => mkdtempSync(join(tmpdir(), 'mfpg-writers-'));

describe('CsvFormat', () => {
  it('writes a header, leaves missing keys empty and widens the header when a key first appears late', () => {
    const path = join(folder(), 'metrics.csv');
    const csv = new CsvFormat(path);
    csv.write({ step: 0, t: 0, objective: 1.5 });
    csv.write({ step: 5, t: 0.25 });
    expect(readFileSync(path, 'utf8')).toBe('step,t,objective\n0,0,1.5\n5,0.25,\n');
    csv.write({ step: 10, t: 0.5, objective: 2, 'distance/w2,odd': 0.125 });
    csv.close();
    expect(readFileSync(path, 'utf8')).toBe('step,t,objective,"distance/w2,odd"\n0,0,1.5,\n5,0.25,,\n10,0.5,2,0.125\n');
  });
});

describe('JsonlFormat', () => {
  it('writes one object per line, and on resume keeps the given bytes and appends', () => {
    const path = join(folder(), 'metrics.jsonl');
    const first = new JsonlFormat(path);
    first.write({ step: 0, t: 0, objective: Number.NaN });
    const kept = readFileSync(path).length;
    first.write({ step: 1, t: 1 });
    first.close();
    const resumed = new JsonlFormat(path, kept);
    resumed.write({ step: 1, t: 2 });
    resumed.close();
    expect(readFileSync(path, 'utf8')).toBe('{"step":0,"t":0,"objective":null}\n{"step":1,"t":2}\n');
  });
});
