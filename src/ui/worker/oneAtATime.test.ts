import { describe, expect, it } from 'vitest';
import { oneAtATime } from './oneAtATime';

describe('oneAtATime', () => {
  it('asks once while a question is out, then once more with the newest state; a failed question does not stop it', async () => {
    const asked: number[] = [];
    let answer: (() => void) | null = null;
    let state = 0;
    const ask = oneAtATime(() => {
      asked.push(state);
      if (state === 3) return Promise.reject(new Error('the worker is gone'));
      return new Promise<void>((resolve) => (answer = resolve));
    });
    ask();
    await Promise.resolve();
    for (state = 1; state <= 3; state++) ask();
    state = 3;
    expect(asked).toEqual([0]);
    (answer as unknown as () => void)();
    await new Promise((r) => setTimeout(r, 0));
    expect(asked).toEqual([0, 3]);
    state = 4;
    ask();
    await new Promise((r) => setTimeout(r, 0));
    expect(asked).toEqual([0, 3, 4]);
  });
});
