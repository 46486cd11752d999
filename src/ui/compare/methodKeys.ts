/**
 * The methods a sweep can compare: the six scalarization methods (engine/methods), with Chebyshev-AL in both
 * Augmented-Lagrangian variants (PHR and the authors' reference), each with a label and a colour-blind-safe
 * style (Okabe–Ito colours and distinct markers, so methods differ in shape as well as in colour). Pure.
 */
import { METHOD_LABELS, methodNameOfKey, type AlVariant, type MethodKey, type MethodName } from '../../experiment/choices';
import type { MethodConfig } from '../../experiment/config';

/** The engine's method and AL variant of a key (the variant only matters for Chebyshev-AL). */
export function methodOfKey(key: MethodKey): { method: MethodName; variant: AlVariant } {
  return { method: methodNameOfKey(key), variant: key === 'chebyshev-al-reference' ? 'reference' : 'phr' };
}

/** The key of a run's method (Chebyshev-AL's reference variant has its own). */
export function keyOfMethod(method: MethodConfig): MethodKey {
  return method.name === 'chebyshev-al' && method.variant === 'reference' ? 'chebyshev-al-reference' : method.name;
}

/** d3-shape symbol names (methodChartLayout.ts maps them to symbol types). */
export type MarkerShape = 'circle' | 'square' | 'diamond' | 'triangle' | 'star' | 'cross' | 'wye';

export interface MethodStyle {
  label: string;
  /** Short name for legends and tables. */
  short: string;
  colour: string;
  marker: MarkerShape;
}

/**
 * Okabe & Ito's palette (distinguishable with the common colour-vision deficiencies); yellow is left out on white. A
 * method's label is the Method choice's (METHOD_LABELS); Chebyshev-AL's two variants name theirs.
 */
export const METHOD_STYLES: Record<MethodKey, MethodStyle> = {
  linear: { label: METHOD_LABELS.linear, short: 'Linear', colour: '#D55E00', marker: 'square' },
  'chebyshev-al': { label: 'Chebyshev, Augmented Lagrangian (PHR)', short: 'Chebyshev-AL', colour: '#0072B2', marker: 'circle' },
  'chebyshev-al-reference': {
    label: "Chebyshev, Augmented Lagrangian (authors' reference variant)",
    short: 'Chebyshev-AL ref.',
    colour: '#56B4E9',
    marker: 'diamond',
  },
  'smooth-tchebycheff': { label: METHOD_LABELS['smooth-tchebycheff'], short: 'Smooth Tch.', colour: '#009E73', marker: 'triangle' },
  'chebyshev-md': { label: METHOD_LABELS['chebyshev-md'], short: 'Chebyshev-MD', colour: '#CC79A7', marker: 'star' },
  mgda: { label: METHOD_LABELS.mgda, short: 'MGDA', colour: '#E69F00', marker: 'cross' },
  'random-weighting': { label: METHOD_LABELS['random-weighting'], short: 'Random wt.', colour: '#000000', marker: 'wye' },
  psl: { label: METHOD_LABELS.psl, short: 'Pareto set model', colour: '#7B3294', marker: 'circle' },
};
