/**
 * What each scalarization method reports of itself after a step, under its own names: a per-objective vector
 * (m entries) or a scalar per step. Declared once here; the method's readout type, the packed step readings, the
 * named step columns a saved run stores and the live charts all follow this table. No TF.js: the UI reads it.
 *
 * Methods without an epigraph variable report the modified Chebyshev value max_i k_i[(f_i − a_i) + ε Σ_j
 * (f_j − a_j)] of their step, so runs of every method can be read on the Chebyshev-AL's scale (its t).
 */
import type { MethodName } from '../../experiment/choices';

export const METHOD_QUANTITIES = {
  /** Multipliers λ, penalty μ (both move once per outer iteration) and the epigraph variable t after the step. */
  'chebyshev-al': { vectors: ['multipliers'], scalars: ['penalty', 'epigraph'] },
  /** The weights of the weighted sum (the preference). */
  linear: { vectors: ['weights'], scalars: ['chebyshevValue'] },
  /** softmax_i(k (f − a) / μ_s) and the smoothing μ_s. */
  'smooth-tchebycheff': { vectors: ['softmax'], scalars: ['smoothing', 'chebyshevValue'] },
  /** The dual weights λ on the simplex the step used. */
  'chebyshev-md': { vectors: ['duals'], scalars: ['chebyshevValue'] },
  /** The min-norm weights (f_0 at its preference share). */
  mgda: { vectors: ['weights'], scalars: ['chebyshevValue'] },
  /** The Dirichlet draw of the step (f_0 at its preference share). */
  'random-weighting': { vectors: ['weights'], scalars: ['chebyshevValue'] },
  /** Pareto set learning, at the run's preference: how each objective pulls on its score, and its Chebyshev value (engine/psl). */
  psl: { vectors: ['weights'], scalars: ['chebyshevValue'] },
} as const satisfies Record<MethodName, { vectors: readonly string[]; scalars: readonly string[] }>;

type Table = typeof METHOD_QUANTITIES;
/** A per-objective quantity of some method. */
export type MethodVectorQuantity = Table[MethodName]['vectors'][number];
/** A scalar quantity of some method. */
export type MethodScalarQuantity = Table[MethodName]['scalars'][number];

/** Method N's quantities of one step. */
export type QuantitiesOf<N extends MethodName> = { method: N } & { [K in Table[N]['vectors'][number]]: number[] } & { [K in Table[N]['scalars'][number]]: number };

/** One step's quantities of whichever method ran it (`method` tells which). */
export type MethodQuantities = { [N in MethodName]: QuantitiesOf<N> }[MethodName];

/**
 * The level the step's Chebyshev terms are measured against: the AL's epigraph variable t (a trained value that
 * can run away), else the Chebyshev value computed from f.
 */
export function chebyshevLevel(q: MethodQuantities): number {
  return q.method === 'chebyshev-al' ? q.epigraph : q.chebyshevValue;
}

/** Every number of a step's quantities (vectors flattened), in the table's order. */
export function quantityValues(q: MethodQuantities): number[] {
  const { vectors, scalars } = METHOD_QUANTITIES[q.method];
  const named = q as unknown as Record<string, number | number[]>;
  return [...vectors.flatMap((name) => named[name] as number[]), ...scalars.map((name) => named[name] as number)];
}
