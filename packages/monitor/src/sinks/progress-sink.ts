import { z } from 'zod';
import type { SinkDefinition } from './sink-definition';

/**
 * `progress`: tells the caller's live display (the terminal bar of `mfpg run`) the step, the value
 * and the chosen keys of the latest logged row. Options: `{ metrics? }`, default `['objective']`.
 * Without a display (library use) it does nothing.
 */
export const progressSinkDefinition: SinkDefinition = {
  name: 'progress',
  description: 'live progress (bar with ETA on a terminal) showing the chosen metrics of the latest logged row',
  options: z.object({ metrics: z.array(z.string().min(1), { error: 'a list of row keys, e.g. ["objective", "kl"]' }).default(['objective']) }).strict(),
  create(context, options) {
    const { onProgress, totalSteps } = context;
    if (!onProgress) return {};
    const keys = (options as { metrics: string[] }).metrics;
    const shown: Record<string, number> = {};
    return {
      onStep: (event) => onProgress({ step: event.step, totalSteps, t: event.t, value: event.value, metrics: shown }),
      write: (row) => {
        for (const key of keys) if (key in row) shown[key] = row[key];
      },
    };
  },
};
