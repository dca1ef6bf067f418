import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/** The environment variable telling a worker its sweep's process id: it stops once that process is gone (cli/supervisor.ts). */
export const PARENT_PID_VARIABLE = 'MFPG_PARENT_PID';

/** The environment variable naming the command sweep workers run (a JSON array: program, args…). */
export const WORKER_COMMAND_VARIABLE = 'MFPG_WORKER_COMMAND';

/**
 * How a sweep starts one worker: a node process running the mfpg CLI. In order: the explicit
 * command (option, or MFPG_WORKER_COMMAND: e.g. `["node","--import","tsx","packages/mfpg/src/cli/bin.ts"]`
 * to run the TypeScript sources), the CLI this process was started as, or the built CLI of the
 * installed `mfpg` package. Each worker is its own process, so a crash or a divergence in one
 * configuration cannot take the sweep down and the runs use every core.
 */
export function workerCommand(explicit?: readonly string[]): readonly string[] {
  if (explicit && explicit.length > 0) return explicit;
  const fromEnvironment = process.env[WORKER_COMMAND_VARIABLE];
  if (fromEnvironment) {
    const parsed = JSON.parse(fromEnvironment) as unknown;
    if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((part) => typeof part === 'string')) {
      throw new Error(`${WORKER_COMMAND_VARIABLE} must be a JSON array of strings (program, arguments…), given ${fromEnvironment}`);
    }
    return parsed;
  }
  const script = process.argv[1] ? resolve(process.argv[1]) : '';
  if (/[\\/](bin[\\/]mfpg(\.js)?|dist[\\/]cli\.js)$/.test(script)) return [process.execPath, script];
  try {
    const main = createRequire(join(process.cwd(), 'index.js')).resolve('mfpg');
    const cli = join(dirname(main), 'cli.js');
    if (existsSync(cli)) return [process.execPath, cli];
  } catch {
    // Not installed where we are: reported below.
  }
  throw new Error(`cannot find the mfpg CLI to start sweep workers: run \`npm run build\`, or set ${WORKER_COMMAND_VARIABLE}`);
}
