/**
 * One question to the worker at a time: called while one is out, `ask` runs once more after it, reading the state
 * of that moment (so a drag asks about where the handle is now, never about every place it passed). Pure.
 */
export function oneAtATime(ask: () => Promise<unknown> | void): () => void {
  let asking = false;
  let again = false;
  const run = (): void => {
    if (asking) {
      again = true;
      return;
    }
    asking = true;
    again = false;
    // Asked at once (the state of this moment), answered whenever.
    let question: Promise<unknown>;
    try {
      question = Promise.resolve(ask());
    } catch (err) {
      question = Promise.reject(err);
    }
    void question
      .catch(() => undefined)
      .finally(() => {
        asking = false;
        if (again) run();
      });
  };
  return run;
}
