/**
 * Ending a run in the middle of a long step. A worker stops a run between its steps, but the step that ends a search
 * clusters the rows of every layer (Affinity Propagation: seconds on MultiMNIST's MDMTN, a minute on Cifar10Mnist's):
 * that computation pauses now and then, so that the worker can take its messages meanwhile, and ends at a pause once
 * the run was interrupted (Trainer.interrupt).
 */

/** What a step throws when its run was interrupted in the middle of it: the run ends as stopped, not as failed. */
export class RunInterrupted extends Error {
  constructor() {
    super('the run was interrupted');
    this.name = 'RunInterrupted';
  }
}

/** The longest a computation runs between two yields: short enough for a prompt Stop, long enough that yields cost nothing. */
export const PAUSE_EVERY_MS = 50;

/** A macrotask: the event loop takes the messages that came meanwhile (available in Node and in workers). */
const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * A long computation's pause: at most every PAUSE_EVERY_MS it yields to the event loop, and it throws RunInterrupted
 * once `signal` is aborted (checked at every call, so a computation interrupted before it began ends at its first).
 */
export function pauses(signal: AbortSignal, yieldToEvents: () => Promise<void> = macrotask): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last >= PAUSE_EVERY_MS) {
      await yieldToEvents();
      last = performance.now();
    }
    if (signal.aborted) throw new RunInterrupted();
  };
}

/** A pause that never yields nor ends anything: a computation run straight through. */
export const noPause = async (): Promise<void> => {};

/** A computation written as a generator that yields where it may pause (saying how far it got), run straight through. */
export function toTheEnd<T, Y = void>(steps: Generator<Y, T, void>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** The same computation, calling `pause` with what each of its yields says (a pause may end it by throwing). */
export async function withPauses<T, Y = void>(steps: Generator<Y, T, void>, pause: (at: Y) => Promise<void>): Promise<T> {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await pause(next.value);
  }
}
