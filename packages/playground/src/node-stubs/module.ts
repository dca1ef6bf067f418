import { unavailable } from './unavailable';

/** node:module in the browser: createRequire loads resvg (PNG plots), which the page replaces by its canvas plots. */
export function createRequire(): (id: string) => never {
  return (id: string) => unavailable(`require('${id}')`);
}
