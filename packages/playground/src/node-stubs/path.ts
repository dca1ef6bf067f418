/** node:path in the browser: only `join`, which the monitor uses to name its sinks' files. */
export function join(...parts: string[]): string {
  return parts.filter((part) => part.length > 0).join('/').replace(/\/+/g, '/');
}
