#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm ci` (root "prepare" builds every package).
import('../dist/cli.js').catch((error) => {
  process.stderr.write(`mfpg: cannot start (${error.message}). Run \`npm run build\` at the repository root first.\n`);
  process.exitCode = 1;
});
