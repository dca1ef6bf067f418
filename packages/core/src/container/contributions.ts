import type { Container, ServiceIdentifier } from 'inversify';

/**
 * Every value bound to `token` in `container`, in registration order; none when nothing is bound.
 * This is how a run reads a gathered plugin point (metrics, sinks, monitor contributions) and the
 * plugin descriptors: contributions are optional, so an unbound token is an empty list, not an error.
 */
export function contributions<T>(container: Container, token: ServiceIdentifier<T>): T[] {
  return container.getAll<T>(token, { optional: true });
}
