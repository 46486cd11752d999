/**
 * The scalarization methods behind one interface (types.ts) and their factory. Defaults and validation live in
 * settings.ts (no TF.js there, so the UI can import them without the engine's tensors).
 */
import { ChebyshevAlMethod } from './chebyshevAl';
import { ChebyshevMirrorDescentMethod } from './chebyshevMirrorDescent';
import { LinearMethod } from './linear';
import { MgdaMethod } from './mgda';
import { RandomWeightingMethod } from './randomWeighting';
import { SmoothTchebycheffMethod } from './smoothTchebycheff';
import type { MethodSettings, MethodSetup, ScalarizationMethod } from './types';

export * from './types';
export { METHOD_DEFAULTS, METHOD_LABELS, methodSettingsProblems } from './settings';
export { methodStep, type MethodStepInputs, type MethodStepValues } from './step';
export { OnlineToBatchAverage, weightedAverage, type WeightedIterate } from './onlineToBatch';

export function createMethod(settings: MethodSettings, setup: MethodSetup): ScalarizationMethod {
  switch (settings.method) {
    case 'chebyshev-al':
      return new ChebyshevAlMethod(settings, setup);
    case 'linear':
      return new LinearMethod(settings, setup);
    case 'smooth-tchebycheff':
      return new SmoothTchebycheffMethod(settings, setup);
    case 'chebyshev-md':
      return new ChebyshevMirrorDescentMethod(settings, setup);
    case 'mgda':
      return new MgdaMethod(settings, setup);
    case 'random-weighting':
      return new RandomWeightingMethod(settings, setup);
  }
}
