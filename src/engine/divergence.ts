/**
 * When a run has diverged. A step whose objectives are not finite has (the Trainer's step check); and so has a run
 * whose validation NLL on a task, at an epoch's end, is more than DIVERGED_NLL_FACTOR times that of guessing (ln of
 * the task's classes). A network that much worse than a uniform guess has blown up while staying finite (Adam at a
 * learning rate of 10 gives NLLs in the thousands); kept as finished, its point would squash every front drawn beside
 * it and every hypervolume with an automatic reference. Why this rule: docs/decisions/divergence.md.
 */

/**
 * The run diverged: a step's objectives are not finite, or an epoch ended far worse than guessing. It cannot go on
 * (and, seeded, would diverge again).
 */
export class DivergenceError extends Error {
  override name = 'DivergenceError';
  /** `step`: the step count the message names (steps taken), which the run's record shows beside it. */
  constructor(
    message: string,
    readonly step: number,
  ) {
    super(message);
  }
}

/** The step count a failure names, where it is a divergence (or a stacked run's divergence): else undefined. */
export function divergedAtStep(error: unknown): number | undefined {
  if (error instanceof DivergenceError) return error.step;
  return error instanceof Error && error.cause instanceof DivergenceError ? error.cause.step : undefined;
}

/** How many times the NLL of a uniform guess a task's validation NLL may reach before the run counts as diverged. */
export const DIVERGED_NLL_FACTOR = 10;

/** The NLL of guessing every one of `classes` classes with equal probability. */
export const guessingNll = (classes: number): number => Math.log(classes);

/**
 * Why a network with these validation NLLs has diverged (one line naming the first task past the limit or not a
 * number), or null.
 * `tasks` names the tasks ('left digit', …), `classes` their class counts; `measure` what the NLLs are.
 */
export function divergedBy(nll: readonly number[], classes: readonly number[], tasks: readonly string[], measure = 'a validation NLL'): string | null {
  for (let i = 0; i < nll.length; i++) {
    const limit = DIVERGED_NLL_FACTOR * guessingNll(classes[i]);
    // Not `nll > limit`: a NaN NLL is no NLL within the limit either.
    if (!(nll[i] <= limit)) {
      const name = tasks[i] ? ` (${tasks[i]})` : '';
      if (Number.isNaN(nll[i])) return `task ${i + 1}${name} has ${measure} that is not a number`;
      return (
        `task ${i + 1}${name} has ${measure} of ${nll[i].toPrecision(3)}, more than ${DIVERGED_NLL_FACTOR}× that of guessing ` +
        `among its ${classes[i]} classes (ln ${classes[i]} = ${guessingNll(classes[i]).toFixed(2)})`
      );
    }
  }
  return null;
}
