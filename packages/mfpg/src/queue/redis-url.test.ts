import { ConfigError } from '@mfpg/core';
import { describe, expect, it } from 'vitest';
import { connectionOptions } from './queue-connection';
import { maskRedisUrl, parseRedisUrl } from './redis-url';

const errorOf = (text: string): ConfigError => {
  try {
    parseRedisUrl(text);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`${text} was accepted`);
};

describe('parseRedisUrl', () => {
  it('reads host, port, database and credentials, with defaults', () => {
    expect(parseRedisUrl('redis://127.0.0.1')).toEqual({ host: '127.0.0.1', port: 6379, db: 0, display: 'redis://127.0.0.1' });
    expect(parseRedisUrl('redis://alice:s%40cret@cache.example:6390/3')).toEqual({
      host: 'cache.example',
      port: 6390,
      db: 3,
      username: 'alice',
      password: 's@cret',
      display: 'redis://alice:***@cache.example:6390/3',
    });
    expect(parseRedisUrl('redis://[::1]:6379').host).toBe('::1');
  });

  it('gives TLS options for rediss://, passed through to the client', () => {
    const location = parseRedisUrl('rediss://:pw@redis.internal:6380/1?servername=redis.example.org&rejectUnauthorized=false');
    expect(location.tls).toEqual({ servername: 'redis.example.org', rejectUnauthorized: false });
    expect(location.display).toBe('rediss://:***@redis.internal:6380/1?servername=redis.example.org&rejectUnauthorized=false');
    expect(connectionOptions(location)).toMatchObject({ host: 'redis.internal', port: 6380, db: 1, password: 'pw', tls: { servername: 'redis.example.org', rejectUnauthorized: false } });
    // The default checks the certificate against the host.
    expect(parseRedisUrl('rediss://redis.internal').tls).toEqual({ servername: 'redis.internal', rejectUnauthorized: true });
    expect(parseRedisUrl('redis://redis.internal').tls).toBeUndefined();
    expect(connectionOptions(parseRedisUrl('redis://redis.internal'))).not.toHaveProperty('tls');
  });

  it('refuses what is not a redis URL, naming it with the password masked', () => {
    for (const [text, allowed] of [
      ['http://u:topsecret@host:6379', /redis:\/\//],
      ['127.0.0.1:6379', /redis:\/\//],
      ['redis://u:topsecret@host:6379/db7', /database number/],
      ['redis://u:topsecret@host/1?rejectUnauthorized=false', /TLS options need rediss/],
      ['rediss://u:topsecret@host/1?ca=x', /servername/],
      ['rediss://u:topsecret@host/1?rejectUnauthorized=no', /true or false/],
    ] as const) {
      const error = errorOf(text);
      expect(error.message).toMatch(allowed);
      expect(error.message).not.toContain('topsecret');
    }
    expect(errorOf('redis://u:topsecret@host:6379/db7').message).toContain('redis://u:***@host:6379/db7');
  });

  it('masks only the password', () => {
    expect(maskRedisUrl('redis://:pw@h:1')).toBe('redis://:***@h:1');
    expect(maskRedisUrl('rediss://user:p%2Fw@h:1/2')).toBe('rediss://user:***@h:1/2');
    expect(maskRedisUrl('redis://user@h:1')).toBe('redis://user@h:1');
    expect(maskRedisUrl('redis://h:1')).toBe('redis://h:1');
  });
});
