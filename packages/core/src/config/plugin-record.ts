import { z } from 'zod';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * A plugin file a run loaded (`--plugin`), as its config.json records it so that `mfpg run
 * config.json` loads the same code again: `path` (absolute when recorded; a relative one is relative
 * to the config file's folder) and `sha256`, the SHA-256 of the file's bytes in lowercase hex (the
 * file itself, not the modules it imports).
 */
export const PluginRecordSchema = z
  .object({
    path: z.string({ error: 'the path of a plugin module' }).min(1, { error: 'the path of a plugin module' }),
    sha256: z.string({ error: 'the SHA-256 of the file, 64 lowercase hex digits' }).regex(SHA256, { error: 'the SHA-256 of the file, 64 lowercase hex digits' }),
  })
  .strict();

export type PluginRecord = z.infer<typeof PluginRecordSchema>;
