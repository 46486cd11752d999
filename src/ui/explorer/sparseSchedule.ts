/** The one-line description of a run's sparse schedule in its details (RunDetails.tsx). Pure. */
import type { TrainerConfig } from '../../experiment/config';
import { capOfK0 } from '../../engine/searchProx';

type ScheduleFields = Pick<TrainerConfig, 'preference' | 'method' | 'proxEvery' | 'holdZeroRows' | 'initialization' | 'tieEvery' | 'maxLayerSparsity' | 'capFullK0'>;

/** How the run's sparse phases were scheduled. */
export function sparseSchedule(c: ScheduleFields): string {
  const init = c.initialization === 'lsuv' ? 'LSUV' : 'Glorot/He';
  if (c.preference[0] === 0) return `no prox or tying (k₀ = 0) · ${init}`;
  // The reference variant's prox is η = 1 after every epoch, before judging, whatever proxEvery and holdZeroRows say
  // (methods/chebyshevAl.ts, searchProx.ts).
  const reference = c.method.name === 'chebyshev-al' && c.method.variant === 'reference';
  const graded = (c.capFullK0 ?? 0) > 0;
  return [
    reference ? 'prox per epoch (η = 1)' : c.proxEvery === 'epoch' ? 'prox per epoch' : 'prox per step',
    c.holdZeroRows && !reference ? 'held' : 'not held',
    init,
    c.tieEvery === 'step' ? 'tied every step' : 'tied every epoch',
    ...(graded ? [`layer cap ${Math.round(100 * capOfK0(c))} % (graded by k₀)`] : []),
  ].join(' · ');
}
