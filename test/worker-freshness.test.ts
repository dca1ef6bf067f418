import { describe, expect, it } from 'vitest';
import { isFresh, WORKER_PACKAGES } from '../scripts/build-worker';

describe('the committed worker bundles', () => {
  it.each(WORKER_PACKAGES)('of %s equal a fresh bundle of its worker-main.ts (run `npm run build:worker` after editing the worker modules)', async (name) => {
    expect(await isFresh(name)).toBe(true);
  });
});
