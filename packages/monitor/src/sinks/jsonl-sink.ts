import { join } from 'node:path';
import { z } from 'zod';
import { JsonlFormat } from '../writers/jsonl-format';
import type { SinkDefinition } from './sink-definition';

const fileName = z
  .string({ error: 'a file name inside the run folder' })
  .regex(/^[^/\\]+$/, { error: 'a file name inside the run folder (no path separators)' });

/** `jsonl`: the metrics.jsonl contract, one JSON object per logged step. Options: `{ file? }`. */
export const jsonlSinkDefinition: SinkDefinition = {
  name: 'jsonl',
  description: 'one JSON object per logged step (default file metrics.jsonl: the output contract)',
  options: z.object({ file: fileName.default('metrics.jsonl') }).strict(),
  create(context, options) {
    const { file } = options as { file: string };
    const format = new JsonlFormat(join(context.directory, file), context.resume?.metricsBytes);
    return { write: (row) => format.write(row), close: () => format.close() };
  },
};

export { fileName as sinkFileName };
