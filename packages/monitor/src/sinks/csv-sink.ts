import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { MonitorRow } from '../pipeline/monitor-row';
import { RunFiles } from '../plots/run-files';
import { CsvFormat } from '../writers/csv-format';
import { sinkFileName } from './jsonl-sink';
import type { SinkDefinition } from './sink-definition';

/** The rows in the first `bytes` bytes of a metrics.jsonl (null, i.e. a non-finite number, → NaN). */
function rowsBefore(path: string, bytes: number): MonitorRow[] {
  const buffer = Buffer.alloc(bytes);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buffer, 0, bytes, 0);
  } finally {
    closeSync(fd);
  }
  return buffer
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line, (_key, value) => (value === null ? Number.NaN : value)) as MonitorRow);
}

/**
 * `csv`: the logged rows as a table with a header. Options: `{ file? }` (default metrics.csv). When
 * a run resumes from a checkpoint, the table is rebuilt from the rows metrics.jsonl held then.
 */
export const csvSinkDefinition: SinkDefinition = {
  name: 'csv',
  description: 'the logged rows as comma-separated values with a header (default file metrics.csv)',
  options: z.object({ file: sinkFileName.default('metrics.csv') }).strict(),
  create(context, options) {
    const { file } = options as { file: string };
    const format = new CsvFormat(join(context.directory, file));
    const metrics = join(context.directory, RunFiles.metrics);
    if (context.resume && existsSync(metrics)) for (const row of rowsBefore(metrics, context.resume.metricsBytes)) format.write(row);
    return { write: (row) => format.write(row), close: () => format.close() };
  },
};
