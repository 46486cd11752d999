import { describe, expect, it } from 'vitest';
import { connectionOf, lockOptions, runJobOptions, shownUrl } from './queues';

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
    });
    expect(connectionOf('redis://:secret@h')).toMatchObject({ host: 'h', port: 6379, password: 'secret' });
    expect(() => connectionOf('localhost:6379')).toThrow(/must start with redis:\/\/ or rediss:\/\//);
    expect(() => connectionOf('redis://h/x')).toThrow(/database/);
    expect(shownUrl('redis://u:secret@h:1/0')).toBe('redis://u:***@h:1/0');
  });

  it('retries a run that throws, keeps every result, and lets the sweep go on past a failure', () => {
    expect(runJobOptions('s-r0001')).toMatchObject({ jobId: 's-r0001', attempts: 3, ignoreDependencyOnFailure: true, removeOnComplete: false, removeOnFail: false });
    expect(lockOptions({ lockMs: 4000 })).toEqual({ lockDuration: 4000, stalledInterval: 2000, maxStalledCount: 3 });
  });
});
