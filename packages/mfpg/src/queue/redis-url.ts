import { ConfigError } from '@mfpg/core';

/** TLS options handed to the Redis client (node's `tls.connect`) for a `rediss://` URL. */
export interface RedisTlsOptions {
  /** Name checked against the server certificate (SNI); the URL's host unless `?servername=`. */
  readonly servername: string;
  /** false only with `?rejectUnauthorized=false` (self-signed test servers). */
  readonly rejectUnauthorized: boolean;
}

/** Where a queue lives: what `--queue redis[s]://[user:password@]host[:port][/db]` says. */
export interface RedisLocation {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
  /** Present for `rediss://`: the connection is TLS. */
  readonly tls?: RedisTlsOptions;
  /** The URL with its password replaced by `***`: the only form printed or written anywhere. */
  readonly display: string;
}

const TLS_QUERY = ['servername', 'rejectUnauthorized'];

/**
 * `text` with the password of a URL in it replaced by `***` (whatever the scheme: a mistyped one
 * must not leak it either); text that is no URL is returned unchanged.
 */
export function maskRedisUrl(text: string): string {
  return text.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^:@/]*:)[^@/]*@/, '$1***@');
}

/**
 * Parses a `--queue` URL: `redis://` or `rediss://` (TLS), an optional `user:password@`, a host,
 * a port (default 6379) and a database number (default 0). `rediss://` takes `?servername=` and
 * `?rejectUnauthorized=false`. Anything else is a ConfigError naming the URL with its password
 * masked (exit 2).
 */
export function parseRedisUrl(text: string, field = '--queue'): RedisLocation {
  const display = maskRedisUrl(text);
  const allowed = 'redis://[user:password@]host[:port][/db] or rediss://… (TLS), e.g. redis://127.0.0.1:6379/0';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw ConfigError.of(field, display, allowed);
  }
  const secure = url.protocol === 'rediss:';
  if (!secure && url.protocol !== 'redis:') throw ConfigError.of(field, display, allowed);
  if (url.hostname.length === 0) throw ConfigError.of(field, display, `${allowed} (the host is missing)`);
  const port = url.port === '' ? 6379 : Number(url.port);
  const path = url.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d{1,2}$/.test(path)) throw ConfigError.of(`${field} (database)`, display, 'a database number 0–99 after the port, e.g. redis://host:6379/2');
  const query = [...url.searchParams.keys()];
  const unknown = query.filter((key) => !(secure && TLS_QUERY.includes(key)));
  if (unknown.length > 0) throw ConfigError.of(`${field} (?${unknown[0]})`, display, secure ? `only ${TLS_QUERY.map((key) => `?${key}=`).join(' and ')}` : 'no query options (TLS options need rediss://)');
  const rejectUnauthorized = url.searchParams.get('rejectUnauthorized');
  if (rejectUnauthorized !== null && !['true', 'false'].includes(rejectUnauthorized)) {
    throw ConfigError.of(`${field} (?rejectUnauthorized)`, rejectUnauthorized, 'true or false');
  }
  // IPv6 hosts come back bracketed from URL; the socket wants them bare.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    host,
    port,
    db: path === '' ? 0 : Number(path),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(secure ? { tls: { servername: url.searchParams.get('servername') ?? host, rejectUnauthorized: rejectUnauthorized !== 'false' } } : {}),
    display,
  };
}
