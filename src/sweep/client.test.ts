import { describe, expect, it } from 'vitest';
import { RedisOutage, redisAddress } from './client';
import { isRedisUnreachable } from './queues';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6399'), { code: 'ECONNREFUSED' });

describe('Redis away, said once each way', () => {
  it('one line when it goes and one when it is back, whatever the number of failed tries between', () => {
    const lines: string[] = [];
    const outage = new RedisOutage('127.0.0.1:6399', (l) => lines.push(l), { connected: false });
    for (let t = 0; t < 10; t++) expect(outage.error(refused, t * 250)).toBe(true);
    outage.ready(3000);
    // The last retry of another connection, just after: the same outage.
    outage.error(new Error('Connection is closed.'), 3500);
    outage.ready(3600);
    outage.error(new Error('Reached the max retries per request limit (which is 3). Refer to "maxRetriesPerRequest" option for details.'), 9000);
    outage.error(refused, 9250);
    outage.ready(12_000);
    expect(lines).toEqual([
      'no Redis at 127.0.0.1:6399 yet; retrying — is redis-server running?',
      'reached Redis at 127.0.0.1:6399',
      'lost Redis at 127.0.0.1:6399; retrying — is redis-server running?',
      'Redis at 127.0.0.1:6399 is back',
    ]);
    // Another error is not an outage: the caller says it.
    expect(outage.error(new Error('Missing lock for job a-r0001. moveToFinished'), 20_000)).toBe(false);
    expect(isRedisUnreachable(Object.assign(new Error('getaddrinfo ENOTFOUND redis.lab'), { code: 'ENOTFOUND' }))).toBe(true);
    expect(redisAddress('redis://:secret@redis.lab/2')).toBe('redis.lab:6379');
  });
});
