import { ConfigError } from '@mfpg/core';
import type { Queue, RedisOptions } from 'bullmq';
import { type RedisLocation, parseRedisUrl } from './redis-url';

/** The BullMQ queue every mfpg coordinator and worker uses unless given `--queue-name`. */
export const DEFAULT_QUEUE_NAME = 'mfpg';

/** How long a coordinator or worker waits for Redis before giving up with exit 2. */
const CONNECT_TIMEOUT_MS = 3000;

/** ioredis options for a location. BullMQ wants `maxRetriesPerRequest: null` so workers wait out a Redis restart. */
export function connectionOptions(location: RedisLocation): RedisOptions {
  return {
    host: location.host,
    port: location.port,
    db: location.db,
    ...(location.username ? { username: location.username } : {}),
    ...(location.password ? { password: location.password } : {}),
    ...(location.tls ? { tls: { ...location.tls } } : {}),
    maxRetriesPerRequest: null,
    connectTimeout: CONNECT_TIMEOUT_MS,
  };
}

/**
 * Parses `--queue` and checks, within a few seconds, that a Redis server answers there (and accepts
 * the password): a wrong or unreachable URL is a ConfigError naming it, password masked (exit 2),
 * before anything is enqueued or written.
 */
export async function connectRedis(url: string, field = '--queue'): Promise<RedisLocation> {
  const location = parseRedisUrl(url, field);
  const { Redis } = await import('ioredis');
  const client = new Redis({
    ...connectionOptions(location),
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // ioredis also emits connection errors as events; they are reported through connect() below.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const reason = (error as Error).message;
    const masked = location.password ? reason.split(location.password).join('***') : reason;
    throw ConfigError.of(field, location.display, `the URL of a reachable Redis server that accepts these credentials (${masked})`);
  } finally {
    client.disconnect();
  }
  return location;
}

/** A BullMQ queue on a checked location. */
export async function openQueue(location: RedisLocation, name: string): Promise<Queue> {
  const { Queue } = await import('bullmq');
  // A coordinator fails fast (and says so, and retries) when Redis goes away, so Ctrl-C keeps working.
  const queue = new Queue(name, { connection: { ...connectionOptions(location), maxRetriesPerRequest: 2 } });
  // Errors of a lost connection surface in the awaited calls; the event would otherwise be unhandled.
  queue.on('error', () => undefined);
  return queue;
}

/** Checks `--queue-name`: BullMQ keys are `bull:<name>:…`, so no colon. */
export function parseQueueName(text: string): string {
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(text)) throw ConfigError.of('--queue-name', text, 'letters, digits, _ . - (1 to 100 characters)');
  return text;
}
