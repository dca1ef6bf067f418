import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '@mfpg/core';
import type { Command } from 'commander';
import packageJson from '../../../package.json';
import { environmentProject, PLUGIN_NAME } from '../../scaffold/environment-project';

/** What `mfpg new` can make. */
const KINDS = ['env'] as const;

/**
 * `mfpg new env NAME [--dir DIR]`: writes a TypeScript plugin project (package.json depending on
 * mfpg, a strict tsconfig, src/NAME.ts with defineEnvironment, a README) into DIR (default ./NAME).
 * An existing DIR is never touched (exit 2).
 */
export function registerNewCommand(program: Command): void {
  program
    .command('new')
    .description('create a plugin project: `mfpg new env my-env` writes ./my-env (TypeScript, builds, passes check-env, runs)')
    .argument('<kind>', `what to create: ${KINDS.join(', ')}`)
    .argument('<name>', 'the plugin name (lower-case letters, digits and dashes), e.g. my-env')
    .option('-d, --dir <path>', 'the folder to create (default: ./<name>); must not exist')
    .action((kind: string, name: string, options: { dir?: string }) => {
      if (!(KINDS as readonly string[]).includes(kind)) throw ConfigError.of('<kind>', kind, `one of ${KINDS.join(', ')}`);
      if (!PLUGIN_NAME.test(name)) throw ConfigError.of('<name>', name, 'lower-case letters, digits and single dashes, starting with a letter, e.g. my-env');
      const directory = resolve(options.dir ?? name);
      if (existsSync(directory)) throw ConfigError.of('--dir', directory, 'a folder that does not exist yet (mfpg new never overwrites)');
      for (const [path, content] of Object.entries(environmentProject(name, packageJson.version))) {
        const file = join(directory, path);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, content, { flag: 'wx' });
      }
      process.stdout.write(
        `mfpg new: wrote ${directory}\n  cd ${options.dir ?? name} && npm install && npm run build && npm run check && npm start\n`,
      );
    });
}
