import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@mfpg/core';

/** How far up from this module the examples/presets folder of the repository is looked for. */
const SEARCH_DEPTH = 6;

/** A named, tested configuration under examples/presets/ (`mfpg run --preset NAME`). */
export interface Preset {
  readonly name: string;
  /** The first comment line of the file: what the preset solves and what it measured. */
  readonly description: string;
  readonly path: string;
}

/** The examples/presets folder of the mfpg checkout or package this module belongs to. */
export function presetDirectory(): string | undefined {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let level = 0; level < SEARCH_DEPTH; level++) {
    const candidate = join(directory, 'examples', 'presets');
    if (existsSync(candidate)) return candidate;
    directory = dirname(directory);
  }
  return undefined;
}

/** Every preset, by name (the YAML file's name without .yaml). */
export function listPresets(): Preset[] {
  const directory = presetDirectory();
  if (directory === undefined) return [];
  return readdirSync(directory)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const path = join(directory, file);
      const comment = readFileSync(path, 'utf8').split('\n').find((line) => line.startsWith('#'));
      return { name: file.slice(0, -'.yaml'.length), description: comment?.replace(/^#\s*/, '') ?? '', path };
    });
}

/** The file of preset `name`; ConfigError (field `--preset`) naming the presets that exist. */
export function presetPath(name: string): string {
  const preset = listPresets().find((candidate) => candidate.name === name);
  if (preset === undefined) throw ConfigError.of('--preset', name, `one of ${listPresets().map((p) => p.name).join(', ') || '(no presets found)'} (mfpg list)`);
  return preset.path;
}
