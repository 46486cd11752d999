/**
 * What a tour step's "Set up and run" changes, said beside the button: the problem, the sweep's methods and its number
 * of preferences, which a teacher may have picked otherwise. One line beside the button at 1024 px (the tour and the
 * plot share a projector's screen). Pure.
 */
import { METHOD_STYLES } from '../compare/methodKeys';
import { plural } from '../../experiment/plural';
import type { TourStep } from './tourSteps';
import { DEFAULT_TEACHING, describeSpec, teachingSpec } from './teachingSettings';

/** "Sets: Fonseca–Fleming, n = 2 · Linear + Chebyshev-AL · 11 preferences each" (a Pareto set model is one run: "+ one Pareto set model"). */
export function tourSetupText({ problem, methods, size }: TourStep['setup']): string {
  const perPreference = methods.filter((key) => key !== 'psl');
  const each = perPreference.length === 1 ? '' : ' each';
  const model = methods.includes('psl') ? 'one Pareto set model' : '';
  const runs = perPreference.length === 0 ? model : `${perPreference.map((key) => METHOD_STYLES[key].short).join(' + ')} · ${plural(size, 'preference')}${each}${model ? ` + ${model}` : ''}`;
  return `Sets: ${describeSpec(teachingSpec({ ...DEFAULT_TEACHING, ...problem }))} · ${runs}`;
}
