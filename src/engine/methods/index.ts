/**
 * The scalarization methods behind one interface (types.ts) and their factory. Their hyper-parameters, defaults
 * and checks are declared in the experiment registry (experiment/methodParameters.ts).
 */
import { ChebyshevAlMethod } from './chebyshevAl';
import { ChebyshevMirrorDescentMethod } from './chebyshevMirrorDescent';
import { LinearMethod } from './linear';
import { MgdaMethod } from './mgda';
import { RandomWeightingMethod } from './randomWeighting';
import { SmoothTchebycheffMethod } from './smoothTchebycheff';
import type { MethodSettings, MethodSetup, ScalarizationMethod } from './types';

export * from './types';
export * from './quantities';
export { methodStep, type MethodStepInputs, type MethodStepValues } from './step';
export { OnlineToBatchAverage, weightedAverage, type WeightedIterate } from './onlineToBatch';

export function createMethod(settings: MethodSettings, setup: MethodSetup): ScalarizationMethod {
  const { method } = settings;
  switch (method.name) {
    case 'chebyshev-al':
      return new ChebyshevAlMethod({ ...settings, method }, setup);
    case 'linear':
      return new LinearMethod({ ...settings, method }, setup);
    case 'smooth-tchebycheff':
      return new SmoothTchebycheffMethod({ ...settings, method }, setup);
    case 'chebyshev-md':
      return new ChebyshevMirrorDescentMethod({ ...settings, method }, setup);
    case 'mgda':
      return new MgdaMethod({ ...settings, method }, setup);
    case 'random-weighting':
      return new RandomWeightingMethod({ ...settings, method }, setup);
    case 'psl':
      // A Pareto set model is not one preference's direction: engine/psl trains it.
      throw new Error('Pareto set learning trains a model of every preference (engine/psl), not a step at one preference');
  }
}
