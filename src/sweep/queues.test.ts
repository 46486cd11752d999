import { describe, expect, it } from 'vitest';
import { SweepClient } from './client';
import { CLIENT_RECONNECT_TRIES, connectionOf, lockOptions, redisFailureMessage, runJobOptions, shownUrl } from './queues';
import { freePort } from './testing/redisServer';

describe('the Redis connection and the queues’ options', () => {
  it('reads redis:// and rediss:// URLs with user, password and database', () => {
    expect(connectionOf('redis://127.0.0.1:6390')).toEqual({ host: '127.0.0.1', port: 6390, maxRetriesPerRequest: null });
    expect(connectionOf('rediss://sweeper:p%40ss@redis.lab:6380/2', 'client')).toEqual({
      host: 'redis.lab',
      port: 6380,
      username: 'sweeper',
      password: 'p@ss',
      db: 2,
      tls: { servername: 'redis.lab' },
      maxRetriesPerRequest: 3,
      retryStrategy: expect.any(Function),
    });
    expect(connectionOf('redis://:secret@h')).toMatchObject({ host: 'h', port: 6379, password: 'secret' });
    expect(() => connectionOf('localhost:6379')).toThrow("--redis must start with redis:// or rediss://, got 'localhost:6379': did you mean redis://localhost:6379?");
    expect(() => connectionOf('redis://h/x')).toThrow(/database/);
    expect(shownUrl('redis://u:secret@h:1/0')).toBe('redis://u:***@h:1/0');
  });

  it('a client tries to reach Redis a few times, then says it cannot and what to do; a worker waits for it', async () => {
    const retry = (connectionOf('redis://h', 'client') as { retryStrategy(times: number): number | null }).retryStrategy;
    expect(Array.from({ length: CLIENT_RECONNECT_TRIES + 1 }, (_, i) => retry(i + 1))).toEqual([250, 500, 750, 1000, 1250, 1500, 1750, 2000, null]);
    expect(connectionOf('redis://h')).not.toHaveProperty('retryStrategy');
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(redisFailureMessage(refused, 'redis://:pw@127.0.0.1:1')).toBe(
      'cannot reach Redis at redis://:***@127.0.0.1:1 (connect ECONNREFUSED 127.0.0.1:1): start redis-server there, or give the right one with --redis URL or $PARETOSCOPE_REDIS_URL',
    );
    expect(redisFailureMessage(new Error('sweep s1 exists'), 'redis://h')).toBe('sweep s1 exists');

    // For real: nothing listens on the port; the client gives up within its tries (about 9 s), with that message.
    const url = `redis://127.0.0.1:${await freePort()}`;
    const client = new SweepClient(url);
    const started = Date.now();
    const failure = await client.manifest('nothing').then(
      () => null,
      (error: unknown) => error,
    );
    await client.close();
    expect(redisFailureMessage(failure, url)).toMatch(/^cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+ \(/);
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 30_000);

  it('retries a run that throws, keeps every result, and lets the sweep go on past a failure', () => {
    expect(runJobOptions('s-r0001')).toMatchObject({ jobId: 's-r0001', attempts: 3, ignoreDependencyOnFailure: true, removeOnComplete: false, removeOnFail: false });
    expect(lockOptions({ lockMs: 4000 })).toEqual({ lockDuration: 4000, stalledInterval: 2000, maxStalledCount: 3 });
  });
});
